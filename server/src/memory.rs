//! How the process asks the C allocator to behave. Two kinds of large blocks pull in opposite
//! directions:
//! - password hashing allocates and frees 19 MiB blocks; glibc's adaptive mmap threshold then
//!   serves such blocks from per-thread heaps that it never gives back, so a burst of sign-ins
//!   grew the server by 300+ MiB and kept it;
//! - every search allocates and frees buffers of a few hundred KiB (collectors, postings); served
//!   as their own mappings, each free is an `munmap`, whose page-table shootdowns across cores
//!   cost about a tenth of the server's CPU under search load (perf profile, docs/benchmarks.md).
//!
//! A fixed threshold between the two keeps the search buffers in the heap, where they are reused,
//! and the password hashes in their own mappings, returned to the system when freed. A fixed
//! threshold also turns off glibc's adaptation, which would raise it past 19 MiB after the first
//! hash.

/// Blocks from this size on get their own mapping: above the search buffers, below a password
/// hash's 19 MiB.
const MMAP_THRESHOLD: usize = 4 * 1024 * 1024;

/// How much free memory at the top of a heap glibc keeps before giving it back: a search's
/// buffers, so that the next search does not have to grow the heap again.
const TRIM_THRESHOLD: usize = 16 * 1024 * 1024;

/// Call once at start-up, before the server takes requests.
pub fn tune_allocator() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only changes allocator parameters; it is called before any request is
    // served, and both values are valid settings (positive, within int).
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, MMAP_THRESHOLD as libc::c_int);
        libc::mallopt(libc::M_TRIM_THRESHOLD, TRIM_THRESHOLD as libc::c_int);
    }
}
