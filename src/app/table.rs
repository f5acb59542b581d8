//! One table view, the same for People and Projects: its list (filter, rows, selection), its
//! sort column and direction, its quick filter, the cursor of the selected record's detail pane
//! and the sort keys kept across re-sorts.
//!
//! What differs per table is a [`TableKind`] (`people::PeopleKind`, `projects::ProjectsKind`):
//! its records, sort columns ([`SortColumn`]), quick filters ([`QuickFilter`]) and how many rows
//! its detail pane has. `update` reaches the table of the view on screen as a
//! `&mut dyn` [`TableView`], so each command has one path for both tables.

use std::fmt::Debug;

use crate::model::account::Account;
use crate::model::records::{Record, Records};

use super::collate::KeyCache;
use super::list::{Cursor, ListModel};
use super::lookup::Lookup;

/// A table's sort columns, in the order `s` steps through them.
pub trait SortColumn: Copy + Eq + Default + Debug {
    fn next(self) -> Self;
    fn label(self) -> &'static str;
}

/// A table's quick filters (for audits), in the order `f` steps through them.
pub trait QuickFilter: Copy + Eq + Debug {
    type Record;
    /// The next quick filter after `current` (`None` = no quick filter).
    fn cycle(current: Option<Self>) -> Option<Self>;
    fn label(self) -> &'static str;
    fn keeps(self, account: &Account, record: &Self::Record) -> bool;
    /// What the filter's answer cannot say yet (records still loading), or at all, on
    /// `account` as loaded so far. `None`: the answer is final.
    fn caveat(self, account: &Account, loading: bool) -> Option<String>;
}

/// Data a load brings in beyond a table's own records, which its order or filter may read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Arrival {
    /// People (a project's manager is one).
    People,
    /// A project's member list.
    Members,
}

/// What one table lists and how it orders and filters it.
pub trait TableKind: Sized {
    type Record: Record<Id: Ord> + 'static;
    type Sort: SortColumn;
    type Quick: QuickFilter<Record = Self::Record>;

    fn records(account: &Account) -> &Records<Self::Record>;
    /// The rows before the fuzzy query: quick filter, then sort (ties by id); each sort column
    /// picks [`Rows::by_text`] or [`Rows::by_key`].
    fn base(rows: Rows<'_, Self>) -> Vec<usize>;
    /// Whether `arrival` can change the rows for this sort and quick filter.
    fn reads(arrival: Arrival, sort: Self::Sort, quick: Option<Self::Quick>) -> bool;
    /// The rows of `record`'s detail pane.
    fn detail_len(account: &Account, record: &Self::Record) -> usize;
    /// The rows a page move in the detail pane covers, given the table's page.
    fn detail_page(page: usize) -> usize {
        page
    }
}

/// A sort column and its direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Order<S> {
    pub sort: S,
    pub descending: bool,
}

/// One table's state (see the module docs).
#[derive(Debug, Clone)]
pub struct Table<K: TableKind> {
    pub list: ListModel,
    pub sort: K::Sort,
    pub descending: bool,
    pub quick: Option<K::Quick>,
    /// The cursor in the selected record's detail pane.
    pub detail: Cursor,
    /// Sort keys of the records, kept across re-sorts (see `collate::KeyCache`).
    keys: KeyCache,
}

impl<K: TableKind> Default for Table<K> {
    fn default() -> Self {
        Table {
            list: ListModel::default(),
            sort: K::Sort::default(),
            descending: false,
            quick: None,
            detail: Cursor::default(),
            keys: KeyCache::default(),
        }
    }
}

impl<K: TableKind> Table<K> {
    /// Drops what is computed from the records and built again when an account replaces
    /// them: the search haystacks and the sort keys (the rows stay until then).
    pub fn forget_derived(&mut self) {
        self.list.set_index(crate::search::Index::default());
        self.keys = KeyCache::default();
    }

    /// The selected record.
    pub fn selected<'a>(&self, account: &'a Account) -> Option<&'a K::Record> {
        self.list
            .selected()
            .and_then(|i| K::records(account).get(i))
    }
}

/// A table whatever it lists: what `update` and `ui` do with the table on screen.
pub trait TableView {
    fn list(&self) -> &ListModel;
    /// The list itself, to update its search index in place or reselect a record.
    fn list_mut(&mut self) -> &mut ListModel;
    fn detail(&self) -> Cursor;
    /// Keeps the detail cursor within `len` rows.
    fn clamp_detail(&mut self, len: usize);
    /// A new filter text; the detail cursor starts over.
    fn set_query(&mut self, raw: &str);
    /// Moves the selection; the detail cursor starts over.
    fn move_by(&mut self, delta: isize, page: usize);
    /// Moves the detail pane's cursor over its `len` rows (`page`: the table's page).
    fn move_detail(&mut self, delta: isize, len: usize, page: usize);
    /// The next sort column, ascending.
    fn next_sort(&mut self);
    fn reverse_sort(&mut self);
    fn next_quick(&mut self);
    fn clear_quick(&mut self);
    fn sort_label(&self) -> &'static str;
    fn descending(&self) -> bool;
    fn quick_label(&self) -> Option<&'static str>;
    fn caveat(&self, account: &Account, loading: bool) -> Option<String>;
    fn reads(&self, arrival: Arrival) -> bool;
    /// The rows of the selected record's detail pane.
    fn detail_len(&self, account: &Account) -> usize;
    /// Recomputes the rows (quick filter + sort), keeping the selected record, and keeps the
    /// detail cursor within the selected record's rows.
    fn refresh(&mut self, account: &Account, lookup: &Lookup);
}

impl<K: TableKind> TableView for Table<K> {
    fn list(&self) -> &ListModel {
        &self.list
    }
    fn list_mut(&mut self) -> &mut ListModel {
        &mut self.list
    }
    fn detail(&self) -> Cursor {
        self.detail
    }
    fn clamp_detail(&mut self, len: usize) {
        self.detail.clamp(len);
    }
    fn set_query(&mut self, raw: &str) {
        self.list.set_query(raw);
        self.detail = Cursor::default();
    }
    fn move_by(&mut self, delta: isize, page: usize) {
        self.list.move_by(delta, page);
        self.detail = Cursor::default();
    }
    fn move_detail(&mut self, delta: isize, len: usize, page: usize) {
        self.detail.move_by(delta, len, K::detail_page(page));
    }
    fn next_sort(&mut self) {
        self.sort = self.sort.next();
        self.descending = false;
    }
    fn reverse_sort(&mut self) {
        self.descending = !self.descending;
    }
    fn next_quick(&mut self) {
        self.quick = K::Quick::cycle(self.quick);
    }
    fn clear_quick(&mut self) {
        self.quick = None;
    }
    fn sort_label(&self) -> &'static str {
        self.sort.label()
    }
    fn descending(&self) -> bool {
        self.descending
    }
    fn quick_label(&self) -> Option<&'static str> {
        self.quick.map(QuickFilter::label)
    }
    fn caveat(&self, account: &Account, loading: bool) -> Option<String> {
        self.quick.and_then(|q| q.caveat(account, loading))
    }
    fn reads(&self, arrival: Arrival) -> bool {
        K::reads(arrival, self.sort, self.quick)
    }
    fn detail_len(&self, account: &Account) -> usize {
        self.selected(account)
            .map_or(0, |r| K::detail_len(account, r))
    }
    fn refresh(&mut self, account: &Account, lookup: &Lookup) {
        let base = K::base(Rows {
            account,
            lookup,
            keys: &mut self.keys,
            order: Order {
                sort: self.sort,
                descending: self.descending,
            },
            quick: self.quick,
        });
        self.list.set_base(base);
        let len = self.detail_len(account);
        self.detail.clamp(len);
    }
}

/// What a table's rows are computed from: the account, the sort keys and order kept, the
/// order asked for and the quick filter.
pub struct Rows<'a, K: TableKind> {
    pub account: &'a Account,
    pub lookup: &'a Lookup,
    keys: &'a mut KeyCache,
    pub order: Order<K::Sort>,
    quick: Option<K::Quick>,
}

impl<'a, K: TableKind> Rows<'a, K> {
    /// A fresh computation: no keys kept, nothing sorted before.
    pub fn fresh(
        account: &'a Account,
        lookup: &'a Lookup,
        keys: &'a mut KeyCache,
        order: Order<K::Sort>,
        quick: Option<K::Quick>,
    ) -> Self {
        Rows {
            account,
            lookup,
            keys,
            order,
            quick,
        }
    }

    fn keeps(&self, record: &K::Record) -> bool {
        self.quick.is_none_or(|q| q.keeps(self.account, record))
    }

    /// The rows the quick filter keeps, sorted by a text column through the key cache
    /// (`column` names it there): a load's page costs a merge of its records into the order
    /// kept there, not a sort.
    pub fn by_text(self, column: u8, text: impl Fn(&K::Record) -> String) -> Vec<usize> {
        let records = K::records(self.account);
        let sorted = self.keys.sorted(
            column,
            records.len(),
            |i| records.stamp(i),
            |i| text(&records[i]),
            |i| records[i].id(),
        );
        let keep = |i: &&usize| {
            self.quick
                .is_none_or(|q| q.keeps(self.account, &records[**i]))
        };
        if self.order.descending {
            sorted.iter().rev().filter(keep).copied().collect()
        } else {
            sorted.iter().filter(keep).copied().collect()
        }
    }

    /// The rows the quick filter keeps, sorted by `key` then id.
    pub fn by_key<O: Ord>(self, key: impl Fn(&'a K::Record) -> O) -> Vec<usize> {
        let records = K::records(self.account);
        let mut rows: Vec<usize> = records
            .iter()
            .enumerate()
            .filter(|(_, r)| self.keeps(r))
            .map(|(i, _)| i)
            .collect();
        rows.sort_by_cached_key(|i| (key(&records[*i]), records[*i].id()));
        if self.order.descending {
            rows.reverse();
        }
        rows
    }
}
