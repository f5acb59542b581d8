//! One filterable, sortable list with a selection: what the People and Projects tables share.
//!
//! The rows shown are computed in two steps. The *base* is every record that passes the quick
//! filter, in the chosen sort order (computed by the table, see `table.rs`, `people.rs` and
//! `projects.rs`).
//! Then the fuzzy query, if any, keeps the matching rows, best first (see [`crate::search`]).
//! The selection follows the record, not the row number, when the rows change under it.

use crate::search::{Index, Query, Searcher};

#[derive(Debug, Clone)]
pub struct ListModel {
    /// The filter text as typed.
    query: Query,
    /// Records passing the quick filter, in sort order (indexes into the account's list).
    base: Vec<usize>,
    /// Rows on screen: `base` narrowed by the query, best match first.
    visible: Vec<usize>,
    /// The selected row (index into `visible`).
    selected: usize,
    /// First row drawn; the renderer clamps it so the selection stays in view.
    offset: usize,
    /// The user chose the selected record (moved, or followed a link): it stays selected when
    /// rows change. Until then the first row stays selected while data streams in.
    chosen: bool,
    /// Haystacks of every record, rebuilt when the records change.
    index: Index,
    searcher: Searcher,
}

impl Default for ListModel {
    fn default() -> Self {
        ListModel {
            query: Query::new(""),
            base: Vec::new(),
            visible: Vec::new(),
            selected: 0,
            offset: 0,
            chosen: false,
            index: Index::default(),
            searcher: Searcher::default(),
        }
    }
}

impl ListModel {
    pub fn query(&self) -> &Query {
        &self.query
    }
    /// The rows before the query, in sort order.
    pub fn base(&self) -> &[usize] {
        &self.base
    }
    pub fn visible(&self) -> &[usize] {
        &self.visible
    }
    pub fn index(&self) -> &Index {
        &self.index
    }
    pub fn selected_row(&self) -> usize {
        self.selected
    }
    pub fn offset(&self) -> usize {
        self.offset
    }
    /// The selected record (index into the account's list).
    pub fn selected(&self) -> Option<usize> {
        self.visible.get(self.selected).copied()
    }

    /// The haystacks, to update a few records in place; call [`ListModel::set_base`] after.
    pub fn index_mut(&mut self) -> &mut Index {
        &mut self.index
    }

    /// New haystacks (the records changed).
    pub fn set_index(&mut self, index: Index) {
        self.index = index;
        self.searcher.invalidate();
    }

    /// New base rows (data, sort or quick filter changed). Keeps the selected record selected
    /// when it is still shown.
    pub fn set_base(&mut self, base: Vec<usize>) {
        let keep = self.selected().filter(|_| self.chosen);
        self.base = base;
        self.searcher.invalidate();
        self.visible = self.searcher.search(&self.index, &self.query, &self.base);
        self.reselect(keep);
    }

    /// A new query: rows re-ranked, selection back to the best match.
    pub fn set_query(&mut self, raw: &str) {
        self.query = Query::new(raw);
        self.visible = self.searcher.search(&self.index, &self.query, &self.base);
        self.selected = 0;
        self.offset = 0;
        self.chosen = false;
    }

    fn reselect(&mut self, keep: Option<usize>) {
        match keep.and_then(|k| self.visible.iter().position(|v| *v == k)) {
            Some(row) => self.selected = row,
            None => self.selected = self.selected.min(self.visible.len().saturating_sub(1)),
        }
        self.follow(usize::MAX);
    }

    /// Keeps the selected record selected from now on, whatever arrives.
    pub fn choose(&mut self) {
        self.chosen = true;
    }

    /// Selects the row showing record `record`, if shown.
    pub fn select_record(&mut self, record: usize, page: usize) -> bool {
        match self.visible.iter().position(|v| *v == record) {
            Some(row) => {
                self.selected = row;
                self.chosen = true;
                self.follow(page);
                true
            }
            None => false,
        }
    }

    /// Moves the selection by `delta` rows, clamped; `page` is the number of rows on screen.
    pub fn move_by(&mut self, delta: isize, page: usize) {
        let last = self.visible.len().saturating_sub(1) as isize;
        self.selected = (self.selected as isize + delta).clamp(0, last.max(0)) as usize;
        self.chosen = true;
        self.follow(page);
    }

    /// Scrolls so that the selection is within `page` rows from `offset`.
    fn follow(&mut self, page: usize) {
        let page = page.max(1);
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if self.selected >= self.offset.saturating_add(page) {
            self.offset = self.selected + 1 - page;
        }
    }
}

/// A cursor over a detail pane's rows (a person's memberships, a project's members).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Cursor {
    pub selected: usize,
    pub offset: usize,
}

impl Cursor {
    pub fn move_by(&mut self, delta: isize, len: usize, page: usize) {
        let last = len.saturating_sub(1) as isize;
        self.selected = (self.selected as isize + delta).clamp(0, last.max(0)) as usize;
        let page = page.max(1);
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if self.selected >= self.offset + page {
            self.offset = self.selected + 1 - page;
        }
    }

    pub fn clamp(&mut self, len: usize) {
        self.selected = self.selected.min(len.saturating_sub(1));
        self.offset = self.offset.min(self.selected);
    }
}
