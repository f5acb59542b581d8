//! What a running load should fetch first: the projects on screen, selected first
//! ([`on_screen`]), sent to the loader as [`Effect::Prioritize`] whenever that changes and
//! whenever a load starts ([`hint`]). guide reads one member list per project, so this decides
//! which of them arrive first; v3's memberships come with the project pages and ignore it.
//!
//! On screen means: in the Projects view, the selected project and the rows shown; in the
//! People view, the projects on the selected person's card, as far as the account on screen
//! knows them (a snapshot knows them all before the live load has read a single member list).

use crate::model::account::ProjectId;
use crate::model::profile::Profile;

use super::effect::Effect;
use super::state::{State, View};

/// The projects on screen, selected first: whose members a running load should fetch next.
pub fn on_screen(state: &State) -> Vec<ProjectId> {
    match state.view {
        View::Projects => {
            let list = &state.projects.list;
            let mut ids = Vec::new();
            if let Some(p) = state.selected_project() {
                ids.push(p.id);
            }
            let start = list.offset();
            for i in list.visible().iter().skip(start).take(state.list_rows()) {
                if let Some(p) = state.account.projects.get(*i)
                    && !ids.contains(&p.id)
                {
                    ids.push(p.id);
                }
            }
            ids
        }
        View::People => state
            .selected_person()
            .map(|p| {
                state
                    .memberships(p.id())
                    .into_iter()
                    .map(|(m, _)| m.project)
                    .collect()
            })
            .unwrap_or_default(),
        _ => Vec::new(),
    }
}

/// After an action: while a load runs, tells the loader what is on screen when a load has just
/// started or when what is on screen changed, unless that is nothing (leaving a view keeps the
/// last hint). Every load starts from no hint (the runtime clears it with `Effect::Load`), so
/// a load never works from another load's or another account's projects.
pub fn hint(state: &State, before: &[ProjectId], fx: &mut Vec<Effect>) {
    // v3 reads every membership with the project pages: nothing to order.
    if !state.loading() || state.account.profile == Some(Profile::V3) {
        return;
    }
    let started = fx.iter().any(|e| matches!(e, Effect::Load { .. }));
    let after = on_screen(state);
    if !after.is_empty() && (started || after != before) {
        fx.push(Effect::Prioritize(after));
    }
}
