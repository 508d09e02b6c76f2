//! The process-wide memory budget (`ndplay_core::storage::set_memory_budget`): arrays
//! past it are NumPy's `MemoryError`, naming the budget, and freeing arrays gives the
//! room back. Its own test binary, since the budget is process-wide.

use ndplay_core::storage::{memory_in_use, set_memory_budget};
use ndplay_core::{Array, DType};

#[test]
fn arrays_past_the_budget_are_memory_errors_and_freeing_gives_room_back() {
    let base = memory_in_use();
    set_memory_budget(Some(base + 10_000_000));
    let a = Array::try_zeros(&[1_000_000], DType::Float64).expect("8 MB fits in 10 MB");
    assert!(memory_in_use() >= base + 8_000_000);
    let err = Array::try_zeros(&[500_000], DType::Float64).expect_err("4 MB more does not");
    assert_eq!(err.py_type(), "MemoryError");
    assert!(err.hint().contains("memory budget"), "{}", err.hint());
    // Copies are held to it too.
    assert_eq!(
        a.copy(ndplay_core::Order::C).unwrap_err().py_type(),
        "MemoryError"
    );
    drop(a);
    assert!(
        memory_in_use() < base + 1_000_000,
        "freed arrays give their bytes back"
    );
    let b = Array::try_zeros(&[1_000_000], DType::Float64).expect("room again after the drop");
    drop(b);
    set_memory_budget(None);
    assert!(Array::try_zeros(&[2_000_000], DType::Float64).is_ok());
}
