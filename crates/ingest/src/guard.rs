//! Third-party parsers fed hostile input: a panic inside one refuses that
//! input, never the batch, and stays out of the user's terminal.
//!
//! [`catch`] runs such a call and turns its panic into `None`. The panic hook
//! [`install_quiet_hook`] sets is silent for panics [`catch`] will catch and
//! hands every other panic to the hook before it (Rust's default message,
//! or a fuzzer's abort): a panic in our own code is never hidden.

use std::cell::Cell;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Once;

thread_local! {
    /// How many [`catch`] calls this thread is inside.
    static DEPTH: Cell<u32> = const { Cell::new(0) };
}

/// Runs `f` and gives `None` if it panics.
pub fn catch<T>(f: impl FnOnce() -> T) -> Option<T> {
    DEPTH.with(|d| d.set(d.get() + 1));
    let result = catch_unwind(AssertUnwindSafe(f));
    DEPTH.with(|d| d.set(d.get() - 1));
    result.ok()
}

/// Whether this thread is inside [`catch`], so a panic here will be caught.
pub fn guarded() -> bool {
    DEPTH.with(|d| d.get() > 0)
}

/// Sets a panic hook that is silent inside [`catch`] and otherwise calls
/// the hook set before it. Once per process; later calls do nothing.
pub fn install_quiet_hook() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let before = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !guarded() {
                before(info)
            }
        }));
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_caught_panic_gives_none_and_the_depth_unwinds() {
        install_quiet_hook();
        assert_eq!(catch(|| 7), Some(7));
        assert!(!guarded());
        let none: Option<()> = catch(|| panic!("a dependency gave up"));
        assert_eq!(none, None);
        assert!(!guarded(), "depth restored after a panic");
        // Nested: the inner panic is caught by the inner call.
        let outer = catch(|| {
            assert!(guarded());
            catch(|| -> u8 { panic!("inner") })
        });
        assert_eq!(outer, Some(None));
        assert!(!guarded());
    }

    /// In a child process (this test binary run again, the hook being
    /// process-wide): a panic inside `catch` prints nothing, one outside it
    /// reaches the hook set before ours (Rust's default, which prints it).
    #[test]
    fn only_panics_inside_catch_are_silent() {
        if std::env::var_os("DOSSIER_GUARD_CHILD").is_some() {
            install_quiet_hook();
            let _ = catch(|| -> () { panic!("a dependency gave up") });
            let _ = std::thread::spawn(|| -> () { panic!("our own bug") }).join();
            return;
        }
        let out = std::process::Command::new(std::env::current_exe().unwrap())
            .args(["--exact", "guard::tests::only_panics_inside_catch_are_silent", "--nocapture", "--test-threads=1"])
            .env("DOSSIER_GUARD_CHILD", "1")
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{stderr}");
        assert!(stderr.contains("our own bug"), "a panic outside catch was hidden:\n{stderr}");
        assert!(!stderr.contains("a dependency gave up"), "a caught panic was printed:\n{stderr}");
    }
}
