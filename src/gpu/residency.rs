//! Which tensors the L2 holds between kernels: a simulation of the L2 at tensor granularity,
//! with the framework's memory allocator, used by the traffic model ([`crate::gpu::traffic`]) for
//! the DRAM traffic between kernels.
//!
//! # Model
//!
//! **Memory.** Every tensor of a step lives in a *buffer* (an address range). Parameters, optimiser
//! states, caches and the step's input ([`TensorUse::persistent`]) have buffers of their own for
//! good. Every other tensor — activations, gradients, temporaries — gets a buffer when first
//! touched in a step and gives it back after its last use in that step, as PyTorch's caching
//! allocator does: a new tensor takes the smallest free buffer large enough for it, else a new
//! one. Why: an eager framework frees an activation as soon as its last reader has run, and the
//! next output lands in the same addresses. Their lines may still sit in the L2, dirty; writing
//! the new tensor over them replaces dead data that is then never written back. Without it the
//! model wrote every output to DRAM: 7× the measured DRAM writes for ResNet-50 at batch 1, whose
//! activations are recycled through a few buffers that never leave the L2.
//!
//! **The L2** holds a share of each buffer (resident bytes, of which some are dirty) and evicts
//! the least recently touched buffer first (LRU at buffer granularity; the bytes of one buffer
//! are taken as evenly resident). A kernel:
//! * reads: of `b` bytes read from a buffer of size `s` with `r` resident, `b·r/s` hit and the
//!   rest are read from DRAM;
//! * writes: the L2 allocates written lines without reading DRAM; dirty bytes overwritten are
//!   replaced, not written back;
//! * afterwards: it streamed `F` = the bytes it touched, over all its buffers, interleaved, so the
//!   L2 keeps `min(1, C/F)` of each touched buffer's touched bytes, those buffers become the
//!   most recent, and older buffers are evicted until the resident bytes fit `C`. Written bytes
//!   that do not stay, and dirty bytes evicted, are written back to DRAM at that point.
//!
//! **Steady state.** A workload is one step of a loop (the measured steps followed a warm-up
//! step). The step is simulated twice and the second is counted: it starts with the L2 and the
//! free buffers as the first step left them, so weights that stay resident across steps are
//! hits, and dirty lines left over from the step before are written back when evicted.
//!
//! Within one kernel, the re-reads of a GEMM's panels (its own reuse) are the traffic model's
//! business; this simulation sees each tensor's compulsory bytes.

use rustc_hash::FxHashMap as HashMap;
use std::collections::BTreeMap;

use crate::gpu::kernel::TensorUse;

/// DRAM traffic caused by one kernel's tensors.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct KernelResidency {
    /// Bytes read that were not resident (read from DRAM).
    pub miss_bytes: f64,
    /// Bytes read that were resident.
    pub hit_bytes: f64,
    /// Dirty bytes written back to DRAM while this kernel ran (its own writes that did not stay,
    /// and older dirty bytes it evicted).
    pub writeback_bytes: f64,
}

#[derive(Clone, Debug)]
struct Buffer {
    size: f64,
    resident: f64,
    dirty: f64,
    /// LRU stamp of the last touch (key in `Sim::lru`).
    stamp: u64,
}

/// The L2 and the allocator across the kernels of a step.
pub struct Sim {
    capacity: f64,
    buffers: Vec<Buffer>,
    /// stamp → buffer, oldest first: buffers that hold resident bytes.
    lru: BTreeMap<u64, usize>,
    /// The last stamp handed out.
    clock: u64,
    resident: f64,
    /// Tensor → its buffer in the current step.
    owner: HashMap<u32, usize>,
    /// Buffers of persistent tensors.
    persistent: HashMap<u32, usize>,
    /// Free buffers (recycled by the allocator), by size then index.
    free: BTreeMap<(u64, usize), ()>,
}

impl Sim {
    /// An empty L2 of `capacity_bytes` and no buffers.
    pub fn new(capacity_bytes: f64) -> Sim {
        Sim {
            capacity: capacity_bytes.max(0.0),
            buffers: Vec::new(),
            lru: BTreeMap::new(),
            clock: 0,
            resident: 0.0,
            owner: HashMap::default(),
            persistent: HashMap::default(),
            free: BTreeMap::new(),
        }
    }

    /// Starts a step: every non-persistent tensor of the step before has given its buffer back.
    pub fn begin_step(&mut self) {
        let owned: Vec<usize> = self.owner.drain().map(|(_, b)| b).collect();
        for b in owned {
            self.release(b);
        }
    }

    fn release(&mut self, b: usize) {
        let size = self.buffers[b].size as u64;
        self.free.insert((size, b), ());
    }

    fn new_buffer(&mut self, size: f64) -> usize {
        self.buffers.push(Buffer {
            size,
            resident: 0.0,
            dirty: 0.0,
            stamp: 0,
        });
        self.buffers.len() - 1
    }

    /// The buffer of `u`'s tensor, allocating one on first use.
    fn buffer_of(&mut self, u: &TensorUse) -> usize {
        let need = u.bytes.max(1);
        if u.persistent {
            if let Some(&b) = self.persistent.get(&u.tensor) {
                self.grow(b, need);
                return b;
            }
            let b = self.new_buffer(need as f64);
            self.persistent.insert(u.tensor, b);
            return b;
        }
        if let Some(&b) = self.owner.get(&u.tensor) {
            self.grow(b, need);
            return b;
        }
        // Best fit among the free buffers, else a new one. A tensor first touched by a read was
        // not made in this step: its data is not in a recycled buffer.
        if !u.write {
            let b = self.new_buffer(need as f64);
            self.owner.insert(u.tensor, b);
            return b;
        }
        let found = self
            .free
            .range((need, 0)..)
            .next()
            .map(|(&(size, b), _)| (size, b));
        let b = match found {
            Some(key) => {
                self.free.remove(&key);
                self.split(key.1, need)
            }
            None => self.new_buffer(need as f64),
        };
        self.owner.insert(u.tensor, b);
        b
    }

    /// The first `need` bytes of free buffer `b` as a buffer of their own, the rest staying free
    /// (PyTorch's allocator splits a larger cached block); each part keeps its share of the
    /// resident and dirty bytes.
    fn split(&mut self, b: usize, need: u64) -> usize {
        let size = self.buffers[b].size;
        let need_f = need as f64;
        if size <= need_f {
            return b;
        }
        let share = need_f / size;
        let (resident, dirty) = {
            let old = &mut self.buffers[b];
            let moved = (old.resident * share, old.dirty * share);
            old.size -= need_f;
            old.resident -= moved.0;
            old.dirty -= moved.1;
            moved
        };
        self.free.insert((self.buffers[b].size as u64, b), ());
        let nb = self.new_buffer(need_f);
        self.clock += 1;
        let piece = &mut self.buffers[nb];
        piece.resident = resident;
        piece.dirty = dirty;
        piece.stamp = self.clock;
        if resident > 0.0 {
            self.lru.insert(self.clock, nb);
        }
        nb
    }

    /// A tensor used with more bytes than first seen: its buffer holds them all.
    fn grow(&mut self, b: usize, need: u64) {
        let buf = &mut self.buffers[b];
        if (need as f64) > buf.size {
            buf.size = need as f64;
        }
    }

    /// Runs one kernel's tensor uses; `last_use` names the tensors whose buffers are given back
    /// after it.
    pub fn kernel(&mut self, uses: &[TensorUse], last_use: &[u32]) -> KernelResidency {
        let mut out = KernelResidency::default();
        // Per touched buffer: bytes read, bytes written.
        let mut touched: Vec<(usize, f64, f64)> = Vec::with_capacity(uses.len());
        for u in uses {
            let b = self.buffer_of(u);
            let bytes = u.bytes as f64;
            match touched.iter_mut().find(|t| t.0 == b) {
                Some(t) => {
                    if u.write {
                        t.2 += bytes
                    } else {
                        t.1 += bytes
                    }
                }
                None => touched.push(if u.write {
                    (b, 0.0, bytes)
                } else {
                    (b, bytes, 0.0)
                }),
            }
        }
        // Reads hit on what was resident before the kernel.
        for &(b, read, _) in &touched {
            let buf = &self.buffers[b];
            let share = if buf.size > 0.0 {
                (buf.resident / buf.size).clamp(0.0, 1.0)
            } else {
                0.0
            };
            out.hit_bytes += read * share;
            out.miss_bytes += read * (1.0 - share);
        }
        // What the kernel streamed, and the share of it the L2 keeps.
        let footprint: f64 = touched
            .iter()
            .map(|&(b, r, w)| r.max(w).min(self.buffers[b].size))
            .sum();
        let keep = if footprint > self.capacity && footprint > 0.0 {
            self.capacity / footprint
        } else {
            1.0
        };
        let now = self.clock + 1;
        for &(b, read, written) in &touched {
            let buf = &mut self.buffers[b];
            let size = buf.size;
            let t = read.max(written).min(size);
            let w = written.min(size);
            let untouched = if size > 0.0 { 1.0 - t / size } else { 0.0 };
            // Dirty bytes that were overwritten are replaced; the rest stay dirty if resident.
            let dirty_left = buf.dirty * if size > 0.0 { 1.0 - w / size } else { 0.0 };
            let resident_before = buf.resident;
            let resident = (t * keep + buf.resident * untouched).min(size);
            let dirty_wanted = w * keep + dirty_left;
            let dirty = dirty_wanted.min(resident);
            // Written bytes that did not stay, and old dirty bytes pushed out with them.
            out.writeback_bytes += w * (1.0 - keep) + (dirty_wanted - dirty);
            self.resident += resident - resident_before;
            buf.resident = resident;
            buf.dirty = dirty;
            let old = buf.stamp;
            self.clock += 1;
            buf.stamp = self.clock;
            let stamp = buf.stamp;
            self.lru.remove(&old);
            self.lru.insert(stamp, b);
        }
        // Evict the least recently touched buffers until the resident bytes fit.
        while self.resident > self.capacity * (1.0 + 1e-12) {
            let Some((&stamp, &b)) = self.lru.iter().next() else {
                break;
            };
            let excess = self.resident - self.capacity;
            if stamp >= now {
                // Only this kernel's buffers are left: scale them down together.
                let total: f64 = self
                    .lru
                    .range(now..)
                    .map(|(_, &b)| self.buffers[b].resident)
                    .sum();
                let cut = if total > 0.0 {
                    (excess / total).min(1.0)
                } else {
                    1.0
                };
                let held: Vec<usize> = self.lru.range(now..).map(|(_, &b)| b).collect();
                for b in held {
                    let buf = &mut self.buffers[b];
                    let gone = buf.resident * cut;
                    let dirty_gone = buf.dirty * cut;
                    buf.resident -= gone;
                    buf.dirty -= dirty_gone;
                    out.writeback_bytes += dirty_gone;
                }
                self.resident = self.capacity;
                break;
            }
            let buf = &mut self.buffers[b];
            let gone = buf.resident.min(excess);
            let dirty_gone = if buf.resident > 0.0 {
                buf.dirty * gone / buf.resident
            } else {
                0.0
            };
            buf.resident -= gone;
            buf.dirty -= dirty_gone;
            out.writeback_bytes += dirty_gone;
            self.resident -= gone;
            if buf.resident <= 0.0 {
                buf.resident = 0.0;
                buf.dirty = 0.0;
                self.lru.remove(&stamp);
            }
        }
        for t in last_use {
            if let Some(b) = self.owner.remove(t) {
                self.release(b);
            }
        }
        out
    }
}

/// For each kernel, the non-persistent tensors whose last use in the step it is.
pub fn last_uses<'a>(kernels: impl Iterator<Item = &'a [TensorUse]>) -> Vec<Vec<u32>> {
    let lists: Vec<&[TensorUse]> = kernels.collect();
    let mut last: HashMap<u32, usize> = HashMap::default();
    for (i, uses) in lists.iter().enumerate() {
        for u in uses.iter().filter(|u| !u.persistent) {
            last.insert(u.tensor, i);
        }
    }
    let mut out = vec![Vec::new(); lists.len()];
    for (t, i) in last {
        out[i].push(t);
    }
    for v in &mut out {
        v.sort_unstable();
    }
    out
}

/// The device memory one step's tensors need at the least: every persistent tensor (parameters,
/// gradients, optimiser state, the input) all the time, plus, at the busiest kernel, every other
/// tensor from its first use to its last. A tensor's size is the most bytes any one use touches.
/// Workspaces, the allocator's rounding and fragmentation, and the framework's own memory come on
/// top, so a real run needs more.
pub fn footprint_bytes<'a>(kernels: impl Iterator<Item = &'a [TensorUse]>) -> u64 {
    let lists: Vec<&[TensorUse]> = kernels.collect();
    // Tensor → (size, first kernel, last kernel, persistent).
    let mut tensors: HashMap<u32, (u64, usize, usize, bool)> = HashMap::default();
    for (i, uses) in lists.iter().enumerate() {
        for u in uses.iter() {
            let e = tensors.entry(u.tensor).or_insert((0, i, i, u.persistent));
            e.0 = e.0.max(u.bytes);
            e.2 = i;
            e.3 |= u.persistent;
        }
    }
    let mut persistent = 0u64;
    // Live bytes change: + at the first kernel, − after the last.
    let mut delta = vec![0i128; lists.len() + 1];
    for &(size, first, last, keep) in tensors.values() {
        if keep {
            persistent = persistent.saturating_add(size);
        } else {
            delta[first] += i128::from(size);
            delta[last + 1] -= i128::from(size);
        }
    }
    let mut live = 0i128;
    let mut peak = 0i128;
    for d in delta {
        live += d;
        peak = peak.max(live);
    }
    persistent.saturating_add(u64::try_from(peak).unwrap_or(u64::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;

    const MIB: u64 = 1 << 20;

    #[test]
    fn the_footprint_is_the_persistent_tensors_and_the_busiest_kernel_s_live_ones() {
        let p = |t: u32, b: u64| TensorUse::read(t, b, true);
        let k0 = [p(1, 10 * MIB), w(2, 4 * MIB)];
        let k1 = [r(2, 4 * MIB), w(3, 6 * MIB)];
        let k2 = [r(3, 6 * MIB), w(4, MIB)];
        let kernels = [&k0[..], &k1[..], &k2[..]];
        // Weights 10 MiB always; at k1 both 2 (4 MiB) and 3 (6 MiB) are live.
        assert_eq!(footprint_bytes(kernels.into_iter()), 20 * MIB);
        assert_eq!(footprint_bytes(std::iter::empty()), 0);
    }

    fn r(t: u32, b: u64) -> TensorUse {
        TensorUse::read(t, b, false)
    }
    fn w(t: u32, b: u64) -> TensorUse {
        TensorUse::write(t, b, false)
    }

    #[test]
    fn a_resident_output_is_read_without_dram() {
        let mut s = Sim::new((8 * MIB) as f64);
        let a = s.kernel(&[TensorUse::read(1, MIB, true), w(2, 2 * MIB)], &[]);
        assert_eq!(a.miss_bytes, MIB as f64);
        let b = s.kernel(&[r(2, 2 * MIB), w(3, 2 * MIB)], &[2]);
        assert_eq!((b.miss_bytes, b.hit_bytes), (0.0, (2 * MIB) as f64));
        assert_eq!(b.writeback_bytes, 0.0);
    }

    #[test]
    fn a_recycled_buffer_is_overwritten_in_the_l2_without_a_write_back() {
        let mut s = Sim::new((8 * MIB) as f64);
        s.kernel(&[w(1, 2 * MIB)], &[]);
        // 1 is read and freed; 3 takes its buffer and overwrites the dirty lines.
        s.kernel(&[r(1, 2 * MIB), w(2, 2 * MIB)], &[1]);
        let c = s.kernel(&[r(2, 2 * MIB), w(3, 2 * MIB)], &[2]);
        assert_eq!(c.writeback_bytes, 0.0);
        assert_eq!(s.owner[&3], 0);
    }

    #[test]
    fn a_kernel_larger_than_the_l2_writes_back_what_does_not_stay() {
        let mut s = Sim::new((4 * MIB) as f64);
        let a = s.kernel(&[TensorUse::read(1, 4 * MIB, true), w(2, 4 * MIB)], &[]);
        assert_eq!(a.miss_bytes, (4 * MIB) as f64);
        assert!((a.writeback_bytes - (2 * MIB) as f64).abs() < 1.0, "{a:?}");
        assert!((s.resident - (4 * MIB) as f64).abs() < 1.0);
        let b = s.kernel(&[r(2, 4 * MIB)], &[2]);
        assert!((b.hit_bytes - (2 * MIB) as f64).abs() < 1.0, "{b:?}");
    }

    #[test]
    fn the_least_recent_buffer_is_evicted_first() {
        let mut s = Sim::new((4 * MIB) as f64);
        s.kernel(&[w(1, 2 * MIB)], &[]);
        s.kernel(&[w(2, 2 * MIB)], &[]);
        s.kernel(&[w(3, 2 * MIB)], &[]);
        let hit = |s: &mut Sim, t| s.kernel(&[r(t, 2 * MIB)], &[]).hit_bytes;
        assert_eq!(hit(&mut s, 1), 0.0);
        // Reading 1 evicted 2 (the oldest); 3 is still there.
        assert_eq!(hit(&mut s, 3), (2 * MIB) as f64);
    }

    #[test]
    fn a_smaller_tensor_takes_part_of_a_freed_buffer_and_its_share_of_the_lines() {
        let mut s = Sim::new((8 * MIB) as f64);
        s.kernel(&[w(1, 4 * MIB)], &[]);
        s.kernel(&[r(1, 4 * MIB)], &[1]);
        // 2 takes 1 MiB of the freed 4 MiB buffer; the other 3 MiB stay free.
        let c = s.kernel(&[w(2, MIB)], &[]);
        assert_eq!(c.writeback_bytes, 0.0);
        assert_eq!(s.buffers[s.owner[&2]].size, MIB as f64);
        assert_eq!(s.buffers[0].size, (3 * MIB) as f64);
        // Its 3 MiB of dead dirty lines are still resident, and written back when evicted.
        let d = s.kernel(&[w(3, 8 * MIB)], &[]);
        assert!(d.writeback_bytes >= (3 * MIB) as f64 - 1.0, "{d:?}");
    }

    #[test]
    fn last_uses_are_found() {
        let k1 = [w(1, 4), TensorUse::read(9, 4, true)];
        let k2 = [r(1, 4), w(2, 4)];
        let k3 = [r(2, 4)];
        let l = last_uses([&k1[..], &k2[..], &k3[..]].into_iter());
        assert_eq!(l, vec![vec![], vec![1], vec![2]]);
    }
}
