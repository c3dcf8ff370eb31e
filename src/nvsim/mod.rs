//! NVSim's own formats and behaviour: the `.cfg`/`.cell` reader ([`format`](mod@format)), a `.cell` imported as
//! a bitcell ([`import`]), and the NVSim-compatible runner that designs a `.cfg` through the
//! circuit model and prints it in NVSim's shape ([`runner`]).

pub mod format;
pub mod import;
pub mod runner;

pub use import::{cell_from_nvsim, NvsimCellError};
