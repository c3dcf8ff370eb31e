//! The workload level on a GPU: GPU presets ([`chip`]), the kernels every layer lowers to
//! ([`kernel`]), the network library and its lowering ([`network`]), the traffic and time model
//! ([`traffic`]) and the L2 workload record it produces ([`workload`]).

pub mod chip;
pub mod kernel;
pub mod network;
pub mod traffic;
pub mod workload;
