//! What to tell the admin when a keyring store fails: the cause read from the error (on Linux
//! the errno behind a keyutils failure), and the ways out that can work here, never the store
//! that just failed. [`super::secrets`] builds its `NoStore` errors from these.

use super::secrets::StoreKind;

/// Why the kernel keyring (keyutils) failed, in a few words, from the errno behind it.
pub(super) fn keyutils_cause(err: &keyring_core::Error) -> String {
    match errno_kind(err) {
        KeyutilsFailure::Blocked => {
            "the kernel keyring is blocked here, e.g. by a container's seccomp profile".into()
        }
        KeyutilsFailure::Denied => "the kernel refused access to the session keyring; \
             a process without one of its own (cron, su) can start one with `keyctl session -`"
            .into(),
        KeyutilsFailure::Other => format!("the kernel keyring failed ({err})"),
    }
}

/// The ways out when `failed` could not hold the token, each one that can work here.
pub(super) fn ways_out(failed: &[StoreKind]) -> String {
    let mut ways = vec!["set PROOFHUB_TOKEN for this shell".to_string()];
    if cfg!(target_os = "linux") {
        if !failed.contains(&StoreKind::SecretService) {
            ways.push("unlock or start a Secret Service (README, \"Troubleshooting\")".into());
        }
        if !failed.contains(&StoreKind::Keyutils) && keyutils_usable() {
            ways.push(
                "use the kernel keyring: PROOFHUB_TUI_KEYRING=keyutils (gone at reboot)".into(),
            );
        }
    } else {
        ways.push("unlock the system keychain and try again".into());
    }
    format!(
        "Instead: {}. proofhub-tui never writes the token to a file",
        ways.join("; or ")
    )
}

enum KeyutilsFailure {
    /// ENOSYS or EPERM: the system calls are filtered out (a seccomp profile) or forbidden.
    Blocked,
    /// EACCES: a keyring is there, but not this process's to use.
    Denied,
    Other,
}

#[cfg(target_os = "linux")]
fn errno_kind(err: &keyring_core::Error) -> KeyutilsFailure {
    use linux_keyutils::KeyError;
    let inner = match err {
        keyring_core::Error::NoStorageAccess(e) | keyring_core::Error::PlatformFailure(e) => {
            e.downcast_ref::<KeyError>()
        }
        _ => None,
    };
    match inner {
        Some(KeyError::PermissionDenied | KeyError::OperationNotSupported) => {
            KeyutilsFailure::Blocked
        }
        Some(KeyError::Unknown(code))
            if std::io::Error::from_raw_os_error(*code).kind()
                == std::io::ErrorKind::Unsupported =>
        {
            KeyutilsFailure::Blocked
        }
        Some(KeyError::AccessDenied) => KeyutilsFailure::Denied,
        _ => KeyutilsFailure::Other,
    }
}

#[cfg(not(target_os = "linux"))]
fn errno_kind(_err: &keyring_core::Error) -> KeyutilsFailure {
    KeyutilsFailure::Other
}

/// Whether this process can address an entry in the kernel keyring (reads only, stores nothing).
#[cfg(target_os = "linux")]
pub(super) fn keyutils_usable() -> bool {
    keyutils_probe().is_ok()
}

#[cfg(not(target_os = "linux"))]
pub(super) fn keyutils_usable() -> bool {
    false
}

/// Addresses a probe entry in the kernel keyring: the session keyring is looked up (the step a
/// blocked or missing keyring fails at), nothing is stored.
#[cfg(target_os = "linux")]
pub(super) fn keyutils_probe() -> Result<(), keyring_core::Error> {
    let store: std::sync::Arc<keyring_core::CredentialStore> =
        linux_keyutils_keyring_store::Store::new()?;
    keyring_core::Entry::new_in_store(&store, super::secrets::SERVICE, "probe").map(|_| ())
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::*;

    fn failure(e: linux_keyutils::KeyError) -> keyring_core::Error {
        keyring_core::Error::NoStorageAccess(Box::new(e))
    }

    #[test]
    fn enosys_and_eperm_read_as_a_blocked_keyring() {
        for e in [
            linux_keyutils::KeyError::Unknown(38),
            linux_keyutils::KeyError::PermissionDenied,
        ] {
            let cause = keyutils_cause(&failure(e));
            assert!(cause.contains("blocked here"), "{cause}");
            assert!(cause.contains("seccomp"), "{cause}");
            assert!(!cause.contains("keyctl session"), "{cause}");
        }
        let denied = keyutils_cause(&failure(linux_keyutils::KeyError::AccessDenied));
        assert!(denied.contains("keyctl session -"), "{denied}");
    }

    #[test]
    fn the_failed_store_is_never_a_way_out() {
        let both = ways_out(&[StoreKind::SecretService, StoreKind::Keyutils]);
        assert!(both.contains("PROOFHUB_TOKEN"), "{both}");
        assert!(!both.contains("Secret Service"), "{both}");
        assert!(!both.contains("keyutils"), "{both}");
        let ku = ways_out(&[StoreKind::Keyutils]);
        assert!(
            ku.contains("Secret Service") && !ku.contains("keyutils"),
            "{ku}"
        );
        let ss = ways_out(&[StoreKind::SecretService]);
        assert!(!ss.contains("start a Secret Service"), "{ss}");
        assert_eq!(
            ss.contains("PROOFHUB_TUI_KEYRING=keyutils"),
            keyutils_usable(),
            "keyutils is offered exactly when it works here: {ss}"
        );
        for text in [&both, &ku, &ss] {
            assert!(text.len() < 250, "short: {text}");
        }
    }
}
