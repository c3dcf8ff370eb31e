//! The mat: `mat_rows × mat_cols` subarrays (2 × 2 in the "CACTI assumption" NVSim follows,
//! Dong et al., IEEE TCAD 2012) sharing one predecoder, of which `active_subarrays` work on an
//! access.
//!
//! - **Footprint**: the subarrays tiled, with the predecoder laid out as a strip between them
//!   as tall as the mat: width `mat_cols · w_sub + A_predecoder / h_mat`, height
//!   `mat_rows · h_sub`.
//! - **Terms it adds** to the subarray's [`Breakdown`]: the predecoder energy of every active
//!   mat, the leakage of every row decoder and predecoder, and the predecoders' area as mat
//!   periphery. The predecoder's delay is already on the subarray's path.

use crate::circuit::array::organization::Organization;
use crate::circuit::array::result::Breakdown;
use crate::circuit::array::subarray::{subarray_breakdown, SubarrayEval, SubarrayPart};

/// The footprint of one mat (m).
pub(super) struct Mat {
    pub(super) width: f64,
    pub(super) height: f64,
}

/// The mat of `org` built of the subarray `s`.
pub(super) fn mat(org: &Organization, s: &SubarrayEval) -> Mat {
    // Mat: subarrays tiled, the predecoder block in a strip between them.
    let mat_h = f64::from(org.mat_rows) * s.height;
    let pre_w = s.predecode.area / mat_h.max(1e-9);
    let mat_w = f64::from(org.mat_cols) * s.width + pre_w;
    Mat {
        width: mat_w,
        height: mat_h,
    }
}

/// The terms of the [`Breakdown`] of `org` that its mats fix: the subarrays' terms
/// ([`subarray_breakdown`]) with the predecoders' energy, the decoders' leakage and the mat
/// periphery's area added; the H-tree's terms are zero. `vdd` is the input's supply.
pub(super) fn mat_breakdown(org: &Organization, part: &SubarrayPart, vdd: f64) -> Breakdown {
    let s = &part.0;
    let subs_per_mat = f64::from(org.mat_rows * org.mat_cols);
    let mats = f64::from(org.bank_rows) * f64::from(org.bank_cols);
    let active_mats = f64::from(org.active_mats);

    let mut b = subarray_breakdown(org, part, vdd);
    for e in [&mut b.read_energy, &mut b.write_energy] {
        e.predecoder_pj = active_mats * s.predecode.energy * 1e12;
    }
    let n_subs = mats * subs_per_mat;
    b.leakage.decoders_mw = (n_subs * s.leak_dec + mats * s.predecode.leak) * vdd * 1e3;
    b.area.mat_periphery_mm2 = mats * s.predecode.area * 1e6;
    b
}
