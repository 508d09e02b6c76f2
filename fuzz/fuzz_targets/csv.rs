//! CSV (any bytes, UTF-8 or not): `parse_csv_bytes`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use ndplay_fuzz::{bounded, per_byte};

fuzz_target!(|data: &[u8]| {
    match bounded(data, per_byte::CSV, ndplay_io::parse_csv_bytes) {
        Ok(table) => ndplay_fuzz::csv_accepted(data, &table),
        Err(e) => ndplay_fuzz::refused(&e),
    }
});
