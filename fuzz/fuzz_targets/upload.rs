//! The HTTP upload path: `ndplay::server::upload::parse_upload`, then what the server does
//! next with an accepted file (list it, make its first tensor the current one). The first
//! input byte picks the file name the browser would send, so the name-as-format-hint
//! logic is fuzzed too; the rest is the file.
#![no_main]

use libfuzzer_sys::fuzz_target;
use ndplay::server::upload::{UploadInfo, parse_upload, select};
use ndplay_fuzz::{bounded, per_byte};

/// The names a browser could send, one per format and one that names none.
const NAMES: [&str; 5] = ["x.npy", "x.npz", "x.safetensors", "x.csv", "x.bin"];

/// The inflation cap the server gives a 256 MB upload limit (four times the limit).
const MAX_INFLATED: u64 = 1 << 30;

fuzz_target!(|data: &[u8]| {
    let Some((&pick, file)) = data.split_first() else {
        return;
    };
    let name = NAMES[pick as usize % NAMES.len()];
    bounded(file, per_byte::UPLOAD, |file| {
        match parse_upload(name, file.to_vec(), MAX_INFLATED) {
            Ok(up) => {
                assert!(!up.tensors.is_empty(), "an accepted upload holds a tensor");
                let info = UploadInfo::of(&up);
                assert_eq!(info.tensors.len(), up.tensors.len());
                // The server makes the first tensor current; refusing is fine, panicking
                // is not.
                if let Err(e) = select(&up, 0) {
                    assert!(!e.to_string().is_empty(), "an empty error message");
                }
            }
            Err(e) => assert!(!e.to_string().is_empty(), "an empty error message"),
        }
    });
});
