//! argon2id password hashing with the OWASP-recommended parameters
//! (19 MiB, 2 iterations, 1 lane: `argon2`'s defaults).
//!
//! Checking a password needs 19 MiB of working memory. At most
//! [`CONCURRENT_CHECKS`] checks run at a time, and each gives its memory back
//! to the operating system when it is done (see [`with_memory`]).

use std::sync::{Condvar, Mutex, OnceLock, PoisonError};

use argon2::password_hash::{PasswordHash, PasswordHasher, SaltString, rand_core::OsRng};
use argon2::{Algorithm, Argon2, Block, Params, Version};
use subtle::ConstantTimeEq;

/// How many password checks may run at the same time (per process). One
/// check takes ~15 ms of one core in a release build, so one at a time still
/// signs in ~60 users a second per instance, and a burst of sign-ins (or an
/// attack on them) never takes more than one core from the pages.
pub const CONCURRENT_CHECKS: usize = 1;

pub fn hash(password: &str) -> String {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .expect("argon2 accepts any password with default parameters")
}

/// Checks `password` against `stored`. With no stored hash (unknown email)
/// the same work is done against a dummy hash, so timing does not tell
/// whether an account exists.
pub fn verify(stored: Option<&str>, password: &str) -> bool {
    static DUMMY: OnceLock<String> = OnceLock::new();
    let dummy = DUMMY.get_or_init(|| hash("partnerlink-dummy-password"));
    let (candidate, real) = match stored {
        Some(stored) => (stored, true),
        None => (dummy.as_str(), false),
    };
    matches(candidate, password.as_bytes()) && real
}

/// Recomputes the PHC-format `stored` hash for `password` in pooled memory
/// and compares in constant time.
fn matches(stored: &str, password: &[u8]) -> bool {
    let Ok(parsed) = PasswordHash::new(stored) else { return false };
    let (Ok(algorithm), Ok(params), Some(expected), Some(salt)) =
        (Algorithm::try_from(parsed.algorithm), Params::try_from(&parsed), parsed.hash, parsed.salt)
    else {
        return false;
    };
    let version = match parsed.version.map(Version::try_from).transpose() {
        Ok(version) => version.unwrap_or_default(),
        Err(_) => return false,
    };
    let mut salt_bytes = [0u8; 64];
    let Ok(salt) = salt.decode_b64(&mut salt_bytes) else { return false };
    let blocks = params.block_count();
    let argon2 = Argon2::new(algorithm, version, params);
    let mut computed = vec![0u8; expected.len()];
    let hashed =
        with_memory(blocks, |memory| argon2.hash_password_into_with_memory(password, salt, &mut computed, memory));
    hashed.is_ok() && bool::from(computed.ct_eq(expected.as_bytes()))
}

/// The checks running now, at most [`CONCURRENT_CHECKS`].
struct Slots {
    running: Mutex<usize>,
    freed: Condvar,
}

/// Runs `work` with `blocks` blocks of fresh memory, waiting while
/// [`CONCURRENT_CHECKS`] checks are running. The memory goes back to the
/// operating system afterwards: `main` fixes glibc's mmap threshold, so a
/// block this large is always mapped and unmapped, not kept in the heap.
/// (Keeping one buffer for the next check kept 19 MiB resident for good;
/// mapping it anew costs ~2 ms of page faults on a 15 ms check.)
fn with_memory<T>(blocks: usize, work: impl FnOnce(&mut [Block]) -> T) -> T {
    static SLOTS: Slots = Slots { running: Mutex::new(0), freed: Condvar::new() };

    /// Frees the slot, also when `work` panics.
    struct Slot;
    impl Drop for Slot {
        fn drop(&mut self) {
            *SLOTS.running.lock().unwrap_or_else(PoisonError::into_inner) -= 1;
            SLOTS.freed.notify_one();
        }
    }

    let mut running = SLOTS.running.lock().unwrap_or_else(PoisonError::into_inner);
    while *running >= CONCURRENT_CHECKS {
        running = SLOTS.freed.wait(running).unwrap_or_else(PoisonError::into_inner);
    }
    *running += 1;
    drop(running);
    let _slot = Slot;
    let mut memory = vec![Block::default(); blocks];
    work(&mut memory)
}

#[cfg(test)]
mod tests {
    use super::*;
    use argon2::PasswordVerifier;

    #[test]
    fn hashes_are_argon2id_and_verify() {
        let stored = hash("demo-password");
        assert!(stored.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        assert!(verify(Some(&stored), "demo-password"));
        assert!(!verify(Some(&stored), "wrong"));
        assert!(!verify(None, "partnerlink-dummy-password"));
    }

    #[test]
    fn pooled_checks_agree_with_the_argon2_crate() {
        let other_params = Argon2::new(Algorithm::Argon2id, Version::V0x13, Params::new(4096, 3, 1, None).unwrap());
        let salt = SaltString::generate(&mut OsRng);
        let stored = other_params.hash_password(b"s3cret", &salt).unwrap().to_string();
        assert!(Argon2::default().verify_password(b"s3cret", &PasswordHash::new(&stored).unwrap()).is_ok());
        assert!(verify(Some(&stored), "s3cret"), "parameters are read from the stored hash");
        assert!(!verify(Some(&stored), "s3cret "));
        for broken in ["", "$argon2id$", "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$", "plain text"] {
            assert!(!verify(Some(broken), "s3cret"), "{broken:?}");
        }
    }

    #[test]
    fn concurrent_checks_share_the_pool() {
        let stored = hash("demo-password");
        let threads: Vec<_> = (0..6)
            .map(|i| {
                let stored = stored.clone();
                std::thread::spawn(move || verify(Some(&stored), if i % 2 == 0 { "demo-password" } else { "no" }))
            })
            .collect();
        let results: Vec<bool> = threads.into_iter().map(|t| t.join().unwrap()).collect();
        assert_eq!(results, [true, false, true, false, true, false]);
    }
}
