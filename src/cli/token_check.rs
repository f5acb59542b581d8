//! Does the account accept this token? One cheap request through the client, which also
//! tells which API profile the account speaks. Used by `login` (before storing) and `info`.

use std::time::Duration;

use crate::api::{ApiError, Client, ClientConfig};
use crate::local::target::Located;
use crate::model::failure::FailureKind;
use crate::model::profile::Profile;
use crate::model::token::Token;

/// How long one request of the check may take.
const CHECK_TIMEOUT: Duration = Duration::from_secs(10);
/// How long the whole check may take, the client's retries included: a user at `login` waits
/// for this, so an address that never answers must not hold them for the full retry budget.
const CHECK_DEADLINE: Duration = Duration::from_secs(15);

/// Why a token could not be confirmed.
#[derive(Debug, thiserror::Error)]
pub enum CheckError {
    /// The account answered: this token is not valid.
    #[error("{0}")]
    Refused(String),
    /// No verdict: no connection, a broken one, or no answer in time.
    #[error("{0}")]
    Unreachable(String),
    /// No verdict: the server answered with an error (5xx, a redirect elsewhere, a bad answer).
    #[error("{0}")]
    Failed(String),
}

/// Checks the token against the account; the profile it answered with on success.
pub async fn check(located: &Located, token: &Token) -> Result<Profile, CheckError> {
    let mut config = ClientConfig::new(located.base_url.to_string(), token.clone());
    config.profile = located.profile;
    config.timeout = CHECK_TIMEOUT;
    crate::cli::client_settings::apply(located, &mut config);
    let client = Client::new(config).map_err(|e| CheckError::Failed(e.to_string()))?;
    match tokio::time::timeout(CHECK_DEADLINE, client.check_token()).await {
        Ok(Ok(profile)) => Ok(profile),
        Ok(Err(ApiError::Auth { message, .. })) => {
            Err(CheckError::Refused(format!("the server said: {message}")))
        }
        Ok(Err(other)) if other.kind() == FailureKind::Network => {
            Err(CheckError::Unreachable(other.to_string()))
        }
        Ok(Err(other)) => Err(CheckError::Failed(other.to_string())),
        Err(_) => Err(CheckError::Unreachable(format!(
            "{} gave no usable answer within {} s",
            located.base_url,
            CHECK_DEADLINE.as_secs()
        ))),
    }
}

/// [`check`] from synchronous code: a small runtime of its own.
pub fn check_blocking(located: &Located, token: &Token) -> Result<Profile, CheckError> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| CheckError::Failed(format!("cannot start the HTTP runtime: {e}")))?;
    runtime.block_on(check(located, token))
}
