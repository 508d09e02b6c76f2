//! The worker threads: [`pin_global_pool`] builds rayon's global pool with each worker
//! pinned to its own CPU, for the `ndplay` binary and the benchmarks.
//!
//! Why: the parallel kernels split their work into about as many pieces as there are
//! workers. Left to the scheduler, two workers sometimes share one CPU while the other
//! sits idle, and a parallel pass then takes as long as a single-threaded one. On this
//! project's 2-core machine that happened in 1 to 4 of every 8 processes: `mean(axis=0)`
//! of a 10000×512 float64 array took a median 1.15 ms instead of 0.6 ms over 41 calls
//! in those processes (`examples/kernels --only mean_axis0`); with the workers pinned,
//! 8 of 8 processes ran at 0.6–0.64 ms. (Pinned workers still run the first few calls
//! after a long single-threaded stretch slower; the README's benchmark section has the
//! figures.)
//!
//! Pinning respects the CPUs the process may use (`taskset`, container cpusets) and
//! `RAYON_NUM_THREADS`; `NDPLAY_NO_PIN=1` turns it off. Library users keep rayon's
//! default pool unless they call this themselves.
//!
//! ```
//! // In a binary's main, before any parallel work:
//! let pinned = ndplay_core::threads::pin_global_pool();
//! // false off Linux, with NDPLAY_NO_PIN set, or when the pool already existed.
//! # let _ = pinned;
//! ```
#![allow(unsafe_code)]

/// Builds rayon's global pool with worker `i` pinned to the `i`-th CPU this process may
/// run on (round robin). Returns whether the pinned pool was installed: `false` off
/// Linux, with `NDPLAY_NO_PIN` set, if the allowed CPUs cannot be read, or if the
/// global pool was already built (then it stays as it is).
pub fn pin_global_pool() -> bool {
    if std::env::var_os("NDPLAY_NO_PIN").is_some() {
        return false;
    }
    let Some(cpus) = allowed_cpus() else {
        return false;
    };
    if cpus.len() < 2 {
        return false;
    }
    rayon::ThreadPoolBuilder::new()
        .start_handler(move |i| pin_current_thread(cpus[i % cpus.len()]))
        .build_global()
        .is_ok()
}

/// The CPUs this process may run on, in increasing order.
#[cfg(target_os = "linux")]
fn allowed_cpus() -> Option<Vec<usize>> {
    // SAFETY: cpu_set_t is plain data; sched_getaffinity writes at most its size.
    let set = unsafe {
        let mut set: libc::cpu_set_t = std::mem::zeroed();
        if libc::sched_getaffinity(0, std::mem::size_of::<libc::cpu_set_t>(), &mut set) != 0 {
            return None;
        }
        set
    };
    let cpus: Vec<usize> = (0..libc::CPU_SETSIZE as usize)
        // SAFETY: `cpu` is below CPU_SETSIZE, the set's capacity.
        .filter(|&cpu| unsafe { libc::CPU_ISSET(cpu, &set) })
        .collect();
    (!cpus.is_empty()).then_some(cpus)
}

#[cfg(not(target_os = "linux"))]
fn allowed_cpus() -> Option<Vec<usize>> {
    None
}

/// Pins the calling thread to `cpu`; a failure leaves it unpinned (harmless).
#[cfg(target_os = "linux")]
fn pin_current_thread(cpu: usize) {
    // SAFETY: as in `allowed_cpus`; `cpu` came from the allowed set, below CPU_SETSIZE.
    unsafe {
        let mut set: libc::cpu_set_t = std::mem::zeroed();
        libc::CPU_SET(cpu, &mut set);
        libc::sched_setaffinity(0, std::mem::size_of::<libc::cpu_set_t>(), &set);
    }
}

#[cfg(not(target_os = "linux"))]
fn pin_current_thread(_cpu: usize) {}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::*;

    #[test]
    fn the_allowed_cpus_include_the_current_one() {
        let cpus = allowed_cpus().expect("sched_getaffinity works on Linux");
        // SAFETY: sched_getcpu has no preconditions.
        let now = unsafe { libc::sched_getcpu() };
        assert!(
            now >= 0 && cpus.contains(&(now as usize)),
            "{now} not in {cpus:?}"
        );
    }

    #[test]
    fn a_pinned_thread_runs_on_its_cpu() {
        let cpus = allowed_cpus().unwrap();
        let target = *cpus.last().unwrap();
        let ran_on = std::thread::spawn(move || {
            pin_current_thread(target);
            // SAFETY: as above.
            unsafe { libc::sched_getcpu() }
        })
        .join()
        .unwrap();
        assert_eq!(ran_on, target as i32);
    }
}
