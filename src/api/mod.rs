//! The ProofHub client (issue: client). Not built yet.
