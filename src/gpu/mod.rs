//! The workload level on a GPU: GPU presets ([`chip`]), the kernels every layer lowers to
//! ([`kernel`]), the network library and its lowering ([`network`]), the traffic and time model
//! ([`traffic`]), the L2 workload record it produces ([`workload`]), the tensors the L2 holds between kernels
//! ([`residency`]), the measured workloads the
//! model is checked against ([`measured`]) and the reader of a user's own profiler output
//! ([`profile`]).

pub mod chip;
pub mod kernel;
pub mod measured;
pub mod network;
pub mod profile;
pub mod residency;
pub mod traffic;
pub mod workload;
