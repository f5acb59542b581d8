//! The two ways ProofHub's API is described (see docs/API.md): **v3**, what ProofHub's own docs
//! and working clients show, and **guide**, the vendor write-up the project started from.
//!
//! The simulator plays one of them; the client detects which one it is talking to.

use std::fmt;

/// One of the two API profiles.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize, clap::ValueEnum,
)]
#[serde(rename_all = "lowercase")]
pub enum Profile {
    /// ProofHub's documented v3 API with its observed quirks.
    V3,
    /// The vendor write-up: Bearer auth, page/per_page, full-replacement PUT, membership sub-resource.
    Guide,
}

impl Profile {
    pub const ALL: [Profile; 2] = [Profile::V3, Profile::Guide];

    pub fn as_str(self) -> &'static str {
        match self {
            Profile::V3 => "v3",
            Profile::Guide => "guide",
        }
    }
}

impl fmt::Display for Profile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Profile {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "v3" => Ok(Profile::V3),
            "guide" => Ok(Profile::Guide),
            other => Err(format!(
                "unknown API profile {other:?}: expected \"v3\" or \"guide\""
            )),
        }
    }
}

/// What the user asked for: a fixed profile, or detection from the first responses.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Default,
    serde::Serialize,
    serde::Deserialize,
    clap::ValueEnum,
)]
#[serde(rename_all = "lowercase")]
pub enum ProfileChoice {
    #[default]
    Auto,
    V3,
    Guide,
}

impl ProfileChoice {
    pub fn fixed(self) -> Option<Profile> {
        match self {
            ProfileChoice::Auto => None,
            ProfileChoice::V3 => Some(Profile::V3),
            ProfileChoice::Guide => Some(Profile::Guide),
        }
    }
}
