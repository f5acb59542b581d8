//! The access review from the console (`:access_review`, the command line's name for it; no
//! key): the loaded account written to a CSV file in the data directory, as
//! `export --access-review` writes it, for a reviewer to fill in and `sync plan --access-review`
//! to read back. Only once the whole account is loaded (a part would leave access out of the
//! review). `update` asks for it in `overlays` (this file is only its binding, so that the
//! keymap can list it without a circle); the runtime writes the file
//! ([`Effect::AccessReview`](super::effect::Effect::AccessReview)) and answers
//! [`Action::AccessReviewDone`](super::action::Action::AccessReviewDone).

use super::keymap::{Binding, Command, Context, read};

pub fn bindings() -> Vec<Binding> {
    BINDINGS.to_vec()
}

const BINDINGS: &[Binding] = &[read(
    &[],
    Context::Global,
    Command::AccessReview,
    "write an access review: a CSV of every person × project to decide on",
    None,
)];
