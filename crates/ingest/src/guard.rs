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

    /// A panic outside `catch` still reaches the hook set before ours.
    #[test]
    fn panics_outside_catch_reach_the_previous_hook() {
        install_quiet_hook();
        let handle = std::thread::spawn(|| -> () { panic!("our own bug") });
        assert!(handle.join().is_err());
        assert!(!guarded());
    }
}
