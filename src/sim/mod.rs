//! The ProofHub simulator (issue: foundation). Not built yet.
pub mod cli;
