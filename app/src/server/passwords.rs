//! Password hashing with argon2id. Hashing is slow and takes 19 MiB on purpose, so it runs off
//! the async threads and behind a bound: at most one hash per core at a time, whatever the
//! number of sign-ins under way, so a burst of them cannot starve the rest of the server or
//! its memory. Waiting callers queue; after [`MAX_WAIT`] they are told to try again.
//!
//! The hashes run on a fixed set of named threads rather than tokio's blocking pool, which
//! other blocking work shares and which grows to hundreds of threads under load. (The binary
//! also fixes the allocator's mmap threshold so the 19 MiB blocks go back to the system:
//! `server::memory`.)

use crate::error::AppError;
use argon2::password_hash::{
    rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString,
};
use argon2::Argon2;
use std::sync::mpsc;
use std::sync::{Arc, LazyLock, Mutex};
use std::time::Duration;
use tokio::sync::{oneshot, Semaphore, SemaphorePermit};

/// How long a caller waits for a free hashing slot before being asked to retry.
pub const MAX_WAIT: Duration = Duration::from_secs(10);

fn threads() -> usize {
    std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(2)
}

static SLOTS: LazyLock<Semaphore> = LazyLock::new(|| Semaphore::new(threads()));

type Job = Box<dyn FnOnce() + Send>;

/// The hashing threads, fed through one queue.
static POOL: LazyLock<Mutex<mpsc::Sender<Job>>> = LazyLock::new(|| {
    let (sender, receiver) = mpsc::channel::<Job>();
    let receiver = Arc::new(Mutex::new(receiver));
    for i in 0..threads() {
        let receiver = receiver.clone();
        std::thread::Builder::new()
            .name(format!("password-hash-{i}"))
            .spawn(move || loop {
                let job = match receiver.lock() {
                    Ok(queue) => queue.recv(),
                    Err(_) => return,
                };
                match job {
                    Ok(job) => job(),
                    Err(_) => return,
                }
            })
            .expect("a password hashing thread starts");
    }
    Mutex::new(sender)
});

/// Runs `work` on a hashing thread and waits for its result without blocking async threads.
async fn on_hashing_thread<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, AppError> {
    let (done, result) = oneshot::channel();
    let job: Job = Box::new(move || {
        let _ = done.send(work());
    });
    POOL.lock()
        .map_err(|_| crate::internal_error!("password hashing queue poisoned"))?
        .send(job)
        .map_err(|_| crate::internal_error!("password hashing threads stopped"))?;
    result
        .await
        .map_err(|_| crate::internal_error!("password hashing job was dropped"))
}

async fn slot() -> Result<SemaphorePermit<'static>, AppError> {
    match tokio::time::timeout(MAX_WAIT, SLOTS.acquire()).await {
        Ok(Ok(permit)) => Ok(permit),
        Ok(Err(_)) => Err(crate::internal_error!("password hashing slots closed")),
        Err(_) => {
            tracing::warn!("password hashing busy: a caller was asked to retry");
            Err(AppError::TooManyAttempts(MAX_WAIT.as_secs()))
        }
    }
}

pub async fn hash(password: String) -> Result<String, AppError> {
    let _permit = slot().await?;
    on_hashing_thread(move || {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
    })
    .await?
    .map_err(|err| crate::internal_error!(error = %err, "password hashing failed"))
}

/// Checks a password against a stored hash. `None` as the hash still does the work of a
/// verification, so that "no such account" takes as long as "wrong password".
pub async fn verify(password: String, stored: Option<String>) -> Result<bool, AppError> {
    let _permit = slot().await?;
    on_hashing_thread(move || {
        let stored = stored.unwrap_or_else(|| DUMMY_HASH.to_owned());
        match PasswordHash::new(&stored) {
            Ok(parsed) => {
                let ok = Argon2::default()
                    .verify_password(password.as_bytes(), &parsed)
                    .is_ok();
                ok && stored != DUMMY_HASH
            }
            Err(_) => false,
        }
    })
    .await
}

/// An argon2id hash of a random string nobody knows, with the default parameters.
const DUMMY_HASH: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$3lWJd3J7rbdJNhpnH0Yl1ZrN6sZ0hJ9C5lTQmJ4m0yA";
