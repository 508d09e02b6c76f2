//! Proof that hostile files are refused before any large allocation: a counting global
//! allocator records the largest single allocation made while each file is parsed.
//! Every file below claims gigabytes to terabytes; none may cost more than 1 MiB.
#![allow(unsafe_code)]

mod common;

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

use common::{crc32, deflate, npy_file, safetensors_file, zip_overlapping, zip_single};
use ndplay_io::{
    ElemType, RawTensor, npz, parse_npy_bytes, parse_npz_bytes, parse_safetensors_bytes,
};

struct Largest;

static LARGEST: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every method forwards to the system allocator with the caller's arguments
// unchanged; the only addition is an atomic counter update, which cannot allocate.
unsafe impl GlobalAlloc for Largest {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LARGEST.fetch_max(layout.size(), Ordering::Relaxed);
        // SAFETY: forwarded unchanged; the caller upholds `alloc`'s contract.
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        LARGEST.fetch_max(layout.size(), Ordering::Relaxed);
        // SAFETY: as above.
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: as above.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        LARGEST.fetch_max(new_size, Ordering::Relaxed);
        // SAFETY: as above.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Largest = Largest;

const LIMIT: usize = 1 << 20;

/// Parses one hostile input; `true` if it was refused.
type Case = Box<dyn FnOnce() -> bool>;

/// Runs `parse` and returns the largest single allocation it made.
fn largest_allocation(parse: impl FnOnce() -> bool) -> usize {
    LARGEST.store(0, Ordering::SeqCst);
    let refused = parse();
    assert!(refused, "the hostile input was accepted");
    LARGEST.load(Ordering::SeqCst)
}

// One test function, so no other test allocates concurrently and skews the count.
#[test]
fn hostile_claims_never_drive_allocation() {
    let f8 =
        |shape: &str| format!("{{'descr': '<f8', 'fortran_order': False, 'shape': {shape}, }}");

    let mut cases: Vec<(&str, Case)> = Vec::new();

    let huge = npy_file(
        1,
        "{'descr': '|u1', 'fortran_order': False, 'shape': (1152921504606846976,), }",
        &[0; 16],
    );
    cases.push((
        "npy claiming 2^60 bytes",
        Box::new(move || parse_npy_bytes(&huge).is_err()),
    ));

    let overflow = npy_file(1, &f8("(1099511627776, 1099511627776, 1099511627776)"), &[]);
    cases.push((
        "npy shape overflow",
        Box::new(move || parse_npy_bytes(&overflow).is_err()),
    ));

    let content = npy_file(1, &f8("(1099511627776,)"), &[0; 64]);
    let bomb = zip_single(
        "bomb.npy",
        8,
        0,
        &deflate(&content),
        crc32(&content),
        128 + (8 << 40),
    );
    cases.push((
        "npz member promising 8 TiB",
        Box::new(move || parse_npz_bytes(&bomb).is_err()),
    ));

    let content = npy_file(1, &f8("(1073741824,)"), &[0; 64]); // 8 GiB, over the 4 GiB default
    let lie = zip_single(
        "lie.npy",
        8,
        0,
        &deflate(&content),
        crc32(&content),
        128 + (8 << 30),
    );
    cases.push((
        "npz member promising 8 GiB",
        Box::new(move || parse_npz_bytes(&lie).is_err()),
    ));

    let content = npy_file(1, &f8("(536870912,)"), &[0; 64]); // 4 GiB: within the limit
    let short = zip_single(
        "short.npy",
        8,
        0,
        &deflate(&content),
        crc32(&content),
        128 + (4 << 30) - 64,
    );
    cases.push((
        "npz member promising 4 GiB in a tiny stream",
        Box::new(move || parse_npz_bytes(&short).is_err()),
    ));

    let mut expanding = npy_file(1, &f8("(6,)"), &[]);
    let promised = expanding.len() as u64 + 48;
    expanding.resize(expanding.len() + (64 << 20), 0);
    let expands = zip_single(
        "a.npy",
        8,
        0,
        &deflate(&expanding),
        crc32(&expanding),
        promised,
    );
    drop(expanding);
    cases.push((
        "npz stream expanding to 64 MiB",
        Box::new(move || parse_npz_bytes(&expands).is_err()),
    ));

    let content = npy_file(
        1,
        "{'descr': '|u1', 'fortran_order': False, 'shape': (1000000,), }",
        &[0; 1_000_000],
    );
    let shared = zip_overlapping(200, &content);
    drop(content);
    cases.push((
        "npz of 200 members sharing one 1 MB stream",
        Box::new(move || parse_npz_bytes(&shared).is_err()),
    ));

    let mut st = u64::MAX.to_le_bytes().to_vec();
    st.extend_from_slice(b"{}");
    cases.push((
        "safetensors header length 2^64-1",
        Box::new(move || parse_safetensors_bytes(&st).is_err()),
    ));

    let st = safetensors_file(
        r#"{"a":{"dtype":"F64","shape":[1099511627776],"data_offsets":[0,8796093022208]}}"#,
        &[0; 8],
    );
    cases.push((
        "safetensors tensor claiming 8 TiB",
        Box::new(move || parse_safetensors_bytes(&st).is_err()),
    ));

    for (what, parse) in cases {
        let largest = largest_allocation(parse);
        assert!(largest < LIMIT, "{what}: allocated {largest} bytes at once");
    }

    // Control: the counter does see real allocations.
    let t = RawTensor::from_vec(ElemType::U8, vec![2 << 20], vec![7; 2 << 20]).unwrap();
    let archive = npz::to_bytes(&[("x", &t)], true).unwrap();
    LARGEST.store(0, Ordering::SeqCst);
    let back = parse_npz_bytes(&archive).unwrap();
    assert_eq!(back[0].data.len(), 2 << 20);
    assert!(LARGEST.load(Ordering::SeqCst) >= 2 << 20);
}
