//! How the process asks the C allocator to behave. Password hashing allocates and frees 19 MiB
//! blocks; glibc's adaptive mmap threshold then serves such blocks from per-thread heaps that it
//! never gives back, so a burst of sign-ins grew the server by 300+ MiB and kept it. A fixed
//! threshold keeps large blocks in their own mappings, returned to the system when freed
//! (measured: a burst of 100 sign-ins adds about 6 MiB instead of 330 MiB; docs/security.md).

/// Call once at start-up, before the server takes requests.
pub fn return_large_blocks_to_the_system() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only changes allocator parameters; it is called before any request is
    // served, and M_MMAP_THRESHOLD with 128 KiB (glibc's own default) is a valid setting.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 128 * 1024);
    }
}
