//! The pipe protocol between the server and a console worker process
//! (`ndplay console-worker`, see [`super::console`]).
//!
//! The server writes [`Request`]s to the worker's stdin and reads [`Reply`]s from its
//! stdout, one reply per request, in frames:
//!
//! ```text
//! frame := header_len: u32 LE | header: header_len bytes of JSON
//!        | payload_len: u64 LE | payload: payload_len bytes (0 = no payload)
//! ```
//!
//! The header is the message ([`Request`] or [`Reply`], tagged by `"op"`); the payload,
//! when there is one, is an array as a whole `.npy` file, always in C order and native
//! byte order ([`NpyBlob`]), so two encodings of the same elements are the same bytes.
//! The worker greets with [`Reply::Ready`] (or [`Reply::Failed`]) before the first
//! request. Both sides check lengths before allocating: a header is at most
//! [`MAX_HEADER_BYTES`], a payload at most [`MAX_PAYLOAD_BYTES`], and anything else (a
//! worker that prints on its stdout, a truncated frame) is a broken pipe, never a huge
//! allocation.
//!
//! ```
//! use ndplay::server::wire::{NpyBlob, Request, read_frame, write_frame};
//! use ndplay_core::Array;
//!
//! let arr = Array::from_vec(vec![1.0f64, 2.0, 3.0, 4.0], &[2, 2])?;
//! let request = Request::Run { code: "arr.sum()".into(), max_elements: 1 << 22 };
//! let mut pipe = Vec::new();
//! write_frame(&mut pipe, &request, Some(&NpyBlob::of(&arr)?))?;
//! let frame = read_frame(&mut pipe.as_slice())?.expect("one frame");
//! assert!(matches!(frame.message::<Request>()?, Request::Run { .. }));
//! assert_eq!(frame.array()?.expect("a payload").to_vec::<f64>(), [1.0, 2.0, 3.0, 4.0]);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::io::{self, Read, Write};

use ndplay_core::{Array, Order};
use ndplay_io::RawTensor;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use super::console::{Diagnostic, ProducedTensor, RunError};
use super::twins::{Measured, Plan};

/// The protocol's version, checked in the worker's greeting: a server never talks to a
/// worker from another build.
pub const PROTOCOL: u32 = 2;

/// The largest header accepted (a run's printed output is cut well below it).
pub const MAX_HEADER_BYTES: usize = 64 << 20;

/// The largest payload accepted: an array of 4 GiB plus its `.npy` header.
pub const MAX_PAYLOAD_BYTES: u64 = (4 << 30) + (64 << 10);

/// What the server asks a worker.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum Request {
    /// Run `code` with `arr` bound to the payload (the tab's current tensor).
    Run {
        /// The Python code.
        code: String,
        /// The panels' element limit: a rebound `arr` beyond it is not sent back.
        max_elements: usize,
    },
    /// Time the Loop-vs-fast panel's `plan` with `arr` bound to the payload, in a
    /// namespace apart from the console's (see [`super::twins`]).
    Twins {
        /// The code and how to time it.
        plan: Box<Plan>,
    },
    /// Send the array the last run bound to `name`, to show it in the panels.
    Show {
        /// The variable.
        name: String,
        /// The panels' element limit: a larger array is refused, not sent.
        max_elements: usize,
    },
}

/// What a worker answers.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum Reply {
    /// The greeting: the session is up and the worker reads requests.
    Ready {
        /// The worker's process id.
        pid: u32,
        /// [`PROTOCOL`] of the worker's build.
        protocol: u32,
    },
    /// The greeting of a worker whose Python failed to start; it exits next.
    Failed {
        /// Why.
        message: String,
    },
    /// A run's outcome; the payload is the new current tensor when
    /// [`RunReply::current`] says it was sent.
    Ran(Box<RunReply>),
    /// The answer to [`Request::Twins`]: what the harness measured, or the error that
    /// ended its run (the console's time limit, `MemoryError`).
    Timed {
        /// The measurements.
        measured: Option<Box<Measured>>,
        /// The error, when there are no measurements.
        error: Option<RunError>,
    },
    /// The answer to [`Request::Show`]; the payload is the array when it was sent.
    Shown {
        /// `None` when the last run bound no array of that name.
        array: Option<ArrayChange>,
    },
    /// A request the worker could not serve (a payload that does not decode); the worker
    /// keeps running.
    Refused {
        /// Why.
        message: String,
    },
}

/// What a run did, as `POST /api/console` answers it, minus what the server decides
/// (`current_changed`, `note`).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct RunReply {
    /// What the code printed, cut at [`super::console::MAX_OUTPUT_CHARS`].
    pub stdout: String,
    /// Whether `stdout` was cut.
    pub truncated: bool,
    /// `repr` of a trailing expression's value.
    pub result: Option<String>,
    /// The error that ended the run.
    pub error: Option<RunError>,
    /// The bugs NumPy would have let through.
    pub diagnostics: Vec<Diagnostic>,
    /// Arrays bound to new or rebound names.
    pub tensors: Vec<ProducedTensor>,
    /// How the run changed `arr`, if it did.
    pub current: Option<CurrentChange>,
}

/// How a run changed `arr`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Change {
    /// The code bound `arr` to another array (`arr = arr.T`).
    Rebound,
    /// The code wrote into `arr`'s elements (`arr[0] = 0`, or through a view of it).
    Written,
}

/// `arr` after a run that changed it.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct CurrentChange {
    /// Rebound or written.
    pub how: Change,
    /// The array's shape and data, or why the data was not sent.
    pub array: ArrayChange,
}

/// An array a reply is about; its data is the frame's payload unless `refused` says why
/// not.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ArrayChange {
    /// Its shape.
    pub shape: Vec<usize>,
    /// NumPy's dtype name.
    pub dtype: String,
    /// Why the data is not in the payload (too large for the panels), if it is not.
    pub refused: Option<String>,
}

/// Why a frame could not be read.
#[derive(Debug)]
pub enum WireError {
    /// The pipe failed or ended inside a frame.
    Io(io::Error),
    /// The bytes are not a frame of this protocol.
    Malformed(String),
}

impl std::fmt::Display for WireError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WireError::Io(e) => write!(f, "the pipe failed: {e}"),
            WireError::Malformed(why) => write!(f, "not a console-worker frame: {why}"),
        }
    }
}

impl std::error::Error for WireError {}

impl From<io::Error> for WireError {
    fn from(e: io::Error) -> WireError {
        WireError::Io(e)
    }
}

/// An array as `.npy` bytes, kept as the header block and the elements so writing it
/// copies nothing more.
#[derive(Clone, Debug)]
pub struct NpyBlob {
    head: Vec<u8>,
    tensor: RawTensor,
}

impl NpyBlob {
    /// The array's elements in C order (a copy), with their `.npy` header.
    ///
    /// # Errors
    /// The array's dtype has no `.npy` form (none of the engine's dtypes today).
    pub fn of(array: &Array) -> Result<NpyBlob, String> {
        let c = array.as_c_contiguous().map_err(|e| e.to_string())?;
        let tensor = ndplay_inspect::to_raw(&c).map_err(|e| e.to_string())?;
        let head = ndplay_io::npy::header_bytes(&tensor, None).map_err(|e| e.to_string())?;
        Ok(NpyBlob { head, tensor })
    }

    /// The tensor (C order, native byte order).
    pub fn tensor(&self) -> &RawTensor {
        &self.tensor
    }

    /// Bytes on the wire.
    pub fn len(&self) -> u64 {
        (self.head.len() + self.tensor.data.len()) as u64
    }

    /// Never true: a `.npy` file has at least its header.
    pub fn is_empty(&self) -> bool {
        false
    }
}

/// Whether two tensors hold the same elements in the same shape, dtype and order.
pub fn same_tensor(a: &RawTensor, b: &RawTensor) -> bool {
    a.elem == b.elem
        && a.shape == b.shape
        && a.fortran_order == b.fortran_order
        && a.data.as_bytes() == b.data.as_bytes()
}

/// Writes one frame and flushes it.
///
/// # Errors
/// The pipe's error, or `InvalidInput` for a header over [`MAX_HEADER_BYTES`].
pub fn write_frame<W: Write, T: Serialize>(
    w: &mut W,
    message: &T,
    payload: Option<&NpyBlob>,
) -> io::Result<()> {
    let header = serde_json::to_vec(message).map_err(io::Error::other)?;
    if header.len() > MAX_HEADER_BYTES {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!(
                "a {} byte header is over the protocol's limit",
                header.len()
            ),
        ));
    }
    // The limit above keeps the length inside u32.
    w.write_all(&(header.len() as u32).to_le_bytes())?;
    w.write_all(&header)?;
    match payload {
        Some(p) => {
            w.write_all(&p.len().to_le_bytes())?;
            w.write_all(&p.head)?;
            w.write_all(p.tensor.data.as_bytes())?;
        }
        None => w.write_all(&0u64.to_le_bytes())?,
    }
    w.flush()
}

/// One frame as read: the message's JSON and the payload's bytes.
#[derive(Clone, Debug)]
pub struct Frame {
    /// The header: a JSON message.
    pub header: Vec<u8>,
    /// The payload, empty when there is none.
    pub payload: Vec<u8>,
}

impl Frame {
    /// The header as a message.
    ///
    /// # Errors
    /// [`WireError::Malformed`] if it is not that message's JSON.
    pub fn message<T: DeserializeOwned>(&self) -> Result<T, WireError> {
        serde_json::from_slice(&self.header).map_err(|e| WireError::Malformed(e.to_string()))
    }

    /// The payload as a tensor, `None` without one.
    ///
    /// # Errors
    /// [`WireError::Malformed`] if it is not a `.npy` file.
    pub fn tensor(&self) -> Result<Option<RawTensor>, WireError> {
        if self.payload.is_empty() {
            return Ok(None);
        }
        ndplay_io::npy::read_bytes(&self.payload)
            .map(Some)
            .map_err(|e| WireError::Malformed(format!("the payload: {e}")))
    }

    /// The payload as a writeable array (a copy of the bytes), `None` without one.
    ///
    /// # Errors
    /// [`WireError::Malformed`] if it is not a `.npy` file the engine can hold.
    pub fn array(&self) -> Result<Option<Array>, WireError> {
        self.tensor()?.map(|t| writeable_array(&t)).transpose()
    }
}

/// A tensor from the pipe as a writeable array of its own.
///
/// # Errors
/// [`WireError::Malformed`] if the engine cannot hold the tensor.
pub fn writeable_array(t: &RawTensor) -> Result<Array, WireError> {
    // `to_array` wraps the bytes read-only, as for files; the console and the panels
    // write into their arrays.
    ndplay_inspect::to_array(t)
        .map_err(|e| WireError::Malformed(format!("the payload: {e}")))?
        .copy(Order::C)
        .map_err(|e| WireError::Malformed(format!("the payload: {e}")))
}

/// Reads one frame; `Ok(None)` when the pipe ends cleanly before one starts.
///
/// # Errors
/// [`WireError::Io`] if the pipe fails or ends inside a frame, [`WireError::Malformed`]
/// for lengths over the limits.
pub fn read_frame<R: Read>(r: &mut R) -> Result<Option<Frame>, WireError> {
    let mut len = [0u8; 4];
    let mut got = 0;
    while got < len.len() {
        match r.read(&mut len[got..]) {
            Ok(0) if got == 0 => return Ok(None),
            Ok(0) => return Err(io::Error::from(io::ErrorKind::UnexpectedEof).into()),
            Ok(n) => got += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e.into()),
        }
    }
    let header_len = u32::from_le_bytes(len) as usize;
    if header_len > MAX_HEADER_BYTES {
        return Err(WireError::Malformed(format!(
            "a header of {header_len} bytes (the first bytes were {len:02x?})"
        )));
    }
    let header = read_exactly(r, header_len as u64)?;
    let mut len = [0u8; 8];
    r.read_exact(&mut len)?;
    let payload_len = u64::from_le_bytes(len);
    if payload_len > MAX_PAYLOAD_BYTES {
        return Err(WireError::Malformed(format!(
            "a payload of {payload_len} bytes"
        )));
    }
    let payload = read_exactly(r, payload_len)?;
    Ok(Some(Frame { header, payload }))
}

/// Reads `n` bytes, growing the buffer as they arrive (a bogus length costs no more
/// memory than the bytes actually sent).
fn read_exactly<R: Read>(r: &mut R, n: u64) -> Result<Vec<u8>, WireError> {
    let mut out = Vec::with_capacity(n.min(1 << 20) as usize);
    r.take(n).read_to_end(&mut out)?;
    if out.len() as u64 != n {
        return Err(io::Error::from(io::ErrorKind::UnexpectedEof).into());
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame_of<T: Serialize>(message: &T, payload: Option<&NpyBlob>) -> Vec<u8> {
        let mut out = Vec::new();
        write_frame(&mut out, message, payload).unwrap();
        out
    }

    #[test]
    fn frames_round_trip_with_and_without_a_payload() {
        let ready = Reply::Ready {
            pid: 7,
            protocol: PROTOCOL,
        };
        let arr = Array::from_vec(vec![1i32, 2, 3, 4, 5, 6], &[2, 3])
            .unwrap()
            .t();
        let blob = NpyBlob::of(&arr).unwrap();
        assert!(!blob.tensor().fortran_order, "always C order on the wire");
        let mut bytes = frame_of(&ready, None);
        bytes.extend(frame_of(
            &Request::Show {
                name: "m".into(),
                max_elements: 9,
            },
            Some(&blob),
        ));
        let mut r = bytes.as_slice();
        let first = read_frame(&mut r).unwrap().unwrap();
        assert!(matches!(
            first.message::<Reply>().unwrap(),
            Reply::Ready { pid: 7, .. }
        ));
        assert!(first.array().unwrap().is_none());
        let second = read_frame(&mut r).unwrap().unwrap();
        let back = second.array().unwrap().unwrap();
        assert_eq!(back.shape(), [3, 2]);
        assert_eq!(back.to_vec::<i32>(), arr.to_vec::<i32>());
        assert!(back.flags().writeable);
        assert!(read_frame(&mut r).unwrap().is_none(), "a clean end");
    }

    #[test]
    fn broken_frames_are_errors_not_allocations() {
        // A program that prints text where frames belong.
        let mut text: &[u8] = b"running 3 tests\n";
        assert!(matches!(
            read_frame(&mut text),
            Err(WireError::Malformed(_))
        ));
        // A frame cut short.
        let whole = frame_of(
            &Reply::Failed {
                message: "x".into(),
            },
            None,
        );
        let mut cut = &whole[..whole.len() - 3];
        assert!(matches!(read_frame(&mut cut), Err(WireError::Io(_))));
        // A payload length far beyond the bytes that follow.
        let mut lying = frame_of(
            &Reply::Failed {
                message: "x".into(),
            },
            None,
        );
        let at = lying.len() - 8;
        lying[at..].copy_from_slice(&(1u64 << 31).to_le_bytes());
        assert!(matches!(
            read_frame(&mut lying.as_slice()),
            Err(WireError::Io(_))
        ));
    }

    #[test]
    fn equal_elements_are_the_same_tensor_whatever_the_layout() {
        let a = Array::from_vec(vec![1.0f64, 2.0, 3.0, 4.0], &[2, 2]).unwrap();
        let f = a.copy(Order::F).unwrap();
        let blob_a = NpyBlob::of(&a).unwrap();
        assert!(same_tensor(
            blob_a.tensor(),
            NpyBlob::of(&f).unwrap().tensor()
        ));
        a.set(&[0, 0], 9.0f64.into()).unwrap();
        assert!(!same_tensor(
            blob_a.tensor(),
            NpyBlob::of(&a).unwrap().tensor()
        ));
    }
}
