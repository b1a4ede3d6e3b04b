//! argon2id password hashing with the OWASP-recommended parameters
//! (19 MiB, 2 iterations, 1 lane: `argon2`'s defaults).
//!
//! Checking a password needs 19 MiB of working memory. Allocated per check,
//! glibc kept one such block in every thread that ever checked a password
//! (peak RSS grew by ~19 MiB per sign-in thread). Checks therefore borrow
//! their memory from a pool of [`CONCURRENT_CHECKS`] buffers.

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

struct MemoryPool {
    free: Mutex<Vec<Vec<Block>>>,
    returned: Condvar,
}

/// Runs `work` with `blocks` blocks of pooled memory, waiting for a buffer
/// when [`CONCURRENT_CHECKS`] checks are already running.
fn with_memory<T>(blocks: usize, work: impl FnOnce(&mut [Block]) -> T) -> T {
    static POOL: OnceLock<MemoryPool> = OnceLock::new();
    let pool = POOL.get_or_init(|| MemoryPool {
        free: Mutex::new((0..CONCURRENT_CHECKS).map(|_| Vec::new()).collect()),
        returned: Condvar::new(),
    });

    /// Gives the buffer back, also when `work` panics.
    struct Borrowed<'a>(&'a MemoryPool, Vec<Block>);
    impl Drop for Borrowed<'_> {
        fn drop(&mut self) {
            let buffer = std::mem::take(&mut self.1);
            self.0.free.lock().unwrap_or_else(PoisonError::into_inner).push(buffer);
            self.0.returned.notify_one();
        }
    }

    let mut free = pool.free.lock().unwrap_or_else(PoisonError::into_inner);
    let buffer = loop {
        match free.pop() {
            Some(buffer) => break buffer,
            None => free = pool.returned.wait(free).unwrap_or_else(PoisonError::into_inner),
        }
    };
    drop(free);
    let mut borrowed = Borrowed(pool, buffer);
    if borrowed.1.len() < blocks {
        borrowed.1.resize(blocks, Block::default());
    }
    work(&mut borrowed.1[..blocks])
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
