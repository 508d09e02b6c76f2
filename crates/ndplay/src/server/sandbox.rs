//! What the console's sandbox can enforce on this machine, asked of the kernel at
//! startup, so the server can say plainly which protection is missing (and
//! `--remote-console` can refuse to run other machines' code without it).
//!
//! Each console worker (`ndplay console-worker`) confines itself before user code runs:
//! Landlock (the filesystem read-only beneath Python's folders and nothing else; no TCP;
//! no signals or abstract Unix sockets beyond the worker, which needs ABI 6), a seccomp
//! filter (no `fork`, `exec` or non-Unix sockets), and resource limits (address space
//! and processor time). This module asks the kernel which of those exist here, without
//! applying any of them to the server itself.
//!
//! ```
//! use ndplay::server::sandbox::Protections;
//!
//! let here = Protections::probe();
//! // On this project's machines (Linux 6.x, Landlock ABI 7) nothing is missing.
//! println!("{}", here.summary());
//! for gap in here.missing() {
//!     println!("missing: {gap}");
//! }
//! let none = Protections { landlock_abi: None, seccomp: false };
//! assert_eq!(none.missing().len(), 2);
//! ```

// Two probing system calls with no safe wrapper in std or libc; each says why it is sound.
#![allow(unsafe_code)]

/// The Landlock ABI whose rules the worker asks for (filesystem, TCP, scopes).
pub const LANDLOCK_ABI_WANTED: u32 = 6;

/// The kernel's sandboxing mechanisms as the console worker would find them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Protections {
    /// The Landlock ABI version, `None` when Landlock is absent or disabled.
    pub landlock_abi: Option<u32>,
    /// Whether seccomp filters can be installed (and the worker has one for this
    /// architecture).
    pub seccomp: bool,
}

impl Protections {
    /// Asks the kernel.
    pub fn probe() -> Protections {
        Protections {
            landlock_abi: landlock_abi(),
            seccomp: seccomp_filters(),
        }
    }

    /// One sentence per protection the worker cannot apply here, saying what console
    /// code can then do.
    pub fn missing(&self) -> Vec<String> {
        let mut gaps = Vec::new();
        match self.landlock_abi {
            None => gaps.push(
                "Landlock is not available in this kernel: console code can read and write \
                 every file your user can"
                    .to_string(),
            ),
            Some(abi) if abi < LANDLOCK_ABI_WANTED => gaps.push(format!(
                "Landlock ABI {abi} (ndplay uses {LANDLOCK_ABI_WANTED}): console code can \
                 send signals to your other processes and reach abstract Unix sockets"
            )),
            Some(_) => {}
        }
        if !self.seccomp {
            gaps.push(
                "seccomp filters are not available here: console code can start programs \
                 (fork, exec) and open network sockets"
                    .to_string(),
            );
        }
        gaps
    }

    /// A one-line account of what the sandbox enforces here.
    pub fn summary(&self) -> String {
        let landlock = match self.landlock_abi {
            Some(abi) if abi >= LANDLOCK_ABI_WANTED => {
                format!(
                    "Landlock ABI {abi} (files read-only beneath Python's, no TCP, no signals out)"
                )
            }
            Some(abi) => format!("Landlock ABI {abi} (partial)"),
            None => "no Landlock".to_string(),
        };
        let seccomp = if self.seccomp {
            "seccomp (no fork, exec or network sockets)"
        } else {
            "no seccomp"
        };
        format!("{landlock}, {seccomp}")
    }
}

/// `landlock_create_ruleset(NULL, 0, LANDLOCK_CREATE_RULESET_VERSION)`: the ABI version.
#[cfg(target_os = "linux")]
fn landlock_abi() -> Option<u32> {
    const LANDLOCK_CREATE_RULESET_VERSION: libc::c_uint = 1;
    // SAFETY: with a null attribute pointer, size 0 and the VERSION flag the call only
    // returns a number; it reads and writes no memory of this process.
    let abi = unsafe {
        libc::syscall(
            libc::SYS_landlock_create_ruleset,
            std::ptr::null::<libc::c_void>(),
            0usize,
            LANDLOCK_CREATE_RULESET_VERSION,
        )
    };
    u32::try_from(abi).ok().filter(|&v| v > 0)
}

#[cfg(not(target_os = "linux"))]
fn landlock_abi() -> Option<u32> {
    None
}

/// Whether `seccomp(SECCOMP_SET_MODE_FILTER, 0, NULL)` gets as far as reading the
/// (null) program: `EFAULT` means filters are supported, `EINVAL` that they are not.
#[cfg(all(target_os = "linux", target_arch = "x86_64"))]
fn seccomp_filters() -> bool {
    const SECCOMP_SET_MODE_FILTER: libc::c_uint = 1;
    // SAFETY: a null program pointer makes the kernel fail with EFAULT before it installs
    // anything; no memory of this process is read or written.
    let r = unsafe {
        libc::syscall(
            libc::SYS_seccomp,
            SECCOMP_SET_MODE_FILTER,
            0 as libc::c_uint,
            std::ptr::null::<libc::c_void>(),
        )
    };
    r == -1 && std::io::Error::last_os_error().raw_os_error() == Some(libc::EFAULT)
}

/// The worker has no filter for other architectures (see `cmd/worker.rs`).
#[cfg(not(all(target_os = "linux", target_arch = "x86_64")))]
fn seccomp_filters() -> bool {
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gaps_are_named() {
        let full = Protections {
            landlock_abi: Some(7),
            seccomp: true,
        };
        assert!(full.missing().is_empty());
        assert!(
            full.summary().contains("Landlock ABI 7"),
            "{}",
            full.summary()
        );
        let old = Protections {
            landlock_abi: Some(3),
            seccomp: true,
        };
        assert_eq!(old.missing().len(), 1);
        assert!(old.missing()[0].contains("signals"), "{:?}", old.missing());
    }

    #[test]
    #[cfg(all(target_os = "linux", target_arch = "x86_64"))]
    fn this_machine_has_both() {
        // The project's machines and CI run Linux with Landlock ABI 7 and seccomp; the
        // console's confinement tests rely on them too.
        let here = Protections::probe();
        assert!(here.seccomp, "{here:?}");
        assert!(here.landlock_abi.is_some_and(|v| v >= 6), "{here:?}");
    }
}
