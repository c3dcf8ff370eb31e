//! Physical quantities as small newtypes.
//!
//! Every quantity is stored in SI base units (seconds, joules, watts, square metres, bits) and is read
//! and written only through accessors that carry the unit in their name (`ns()`, `from_pj()`, …), so a
//! number never loses its unit on the way from a preset file to a table cell.
//!
//! Products that the model needs are typed: `Power × Time = Energy`, `Energy × Time = Edp`,
//! `Edp × Area = Edap`. Dividing two values of the same quantity gives a plain ratio (`f64`).

use std::fmt;
use std::ops::{Add, AddAssign, Div, Mul, Sub};

use serde::{Deserialize, Serialize};

macro_rules! quantity {
    (
        $(#[$doc:meta])*
        $name:ident, si = $si:ident, from_si = $from_si:ident, unit = $unit:literal,
        scaled { $( $get:ident / $from:ident = $factor:expr ),* $(,)? }
    ) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, Default, PartialEq, PartialOrd, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(f64);

        impl $name {
            /// Zero of this quantity.
            pub const ZERO: Self = Self(0.0);

            #[doc = concat!("From a value in ", $unit, " (SI).")]
            pub const fn $from_si(value: f64) -> Self {
                Self(value)
            }

            #[doc = concat!("The value in ", $unit, " (SI).")]
            pub const fn $si(self) -> f64 {
                self.0
            }

            $(
                #[doc = concat!("From a value in the unit named by `", stringify!($from), "`.")]
                pub fn $from(value: f64) -> Self {
                    Self(value * $factor)
                }

                #[doc = concat!("The value in the unit named by `", stringify!($get), "`.")]
                pub fn $get(self) -> f64 {
                    self.0 / $factor
                }
            )*

            /// True when the value is a finite number (not NaN, not infinite).
            pub fn is_finite(self) -> bool {
                self.0.is_finite()
            }

            /// The larger of two values.
            pub fn max(self, other: Self) -> Self {
                Self(self.0.max(other.0))
            }
        }

        impl Add for $name {
            type Output = Self;
            fn add(self, rhs: Self) -> Self {
                Self(self.0 + rhs.0)
            }
        }

        impl AddAssign for $name {
            fn add_assign(&mut self, rhs: Self) {
                self.0 += rhs.0;
            }
        }

        impl Sub for $name {
            type Output = Self;
            fn sub(self, rhs: Self) -> Self {
                Self(self.0 - rhs.0)
            }
        }

        impl Mul<f64> for $name {
            type Output = Self;
            fn mul(self, rhs: f64) -> Self {
                Self(self.0 * rhs)
            }
        }

        impl Mul<$name> for f64 {
            type Output = $name;
            fn mul(self, rhs: $name) -> $name {
                $name(self * rhs.0)
            }
        }

        /// The ratio of two values of the same quantity.
        impl Div for $name {
            type Output = f64;
            fn div(self, rhs: Self) -> f64 {
                self.0 / rhs.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{} {}", self.0, $unit)
            }
        }
    };
}

quantity! {
    /// A duration.
    Time, si = s, from_si = from_s, unit = "s",
    scaled { ms / from_ms = 1e-3, us / from_us = 1e-6, ns / from_ns = 1e-9, ps / from_ps = 1e-12 }
}

quantity! {
    /// An amount of energy.
    Energy, si = j, from_si = from_j, unit = "J",
    scaled { mj / from_mj = 1e-3, uj / from_uj = 1e-6, nj / from_nj = 1e-9, pj / from_pj = 1e-12, fj / from_fj = 1e-15 }
}

quantity! {
    /// A rate of energy (dynamic or leakage power).
    Power, si = w, from_si = from_w, unit = "W",
    scaled { mw / from_mw = 1e-3, uw / from_uw = 1e-6, nw / from_nw = 1e-9 }
}

quantity! {
    /// A silicon area.
    Area, si = m2, from_si = from_m2, unit = "m²",
    scaled { mm2 / from_mm2 = 1e-6, um2 / from_um2 = 1e-12 }
}

quantity! {
    /// Energy-delay product.
    Edp, si = js, from_si = from_js, unit = "J·s",
    scaled {}
}

quantity! {
    /// Energy-delay-area product.
    Edap, si = js_m2, from_si = from_js_m2, unit = "J·s·m²",
    scaled { js_mm2 / from_js_mm2 = 1e-6 }
}

quantity! {
    /// An electric potential difference (supply voltage, threshold voltage, signal swing).
    Voltage, si = v, from_si = from_v, unit = "V",
    scaled { mv / from_mv = 1e-3 }
}

quantity! {
    /// An electric current (on-current, leakage current, cell read current).
    Current, si = a, from_si = from_a, unit = "A",
    scaled { ma / from_ma = 1e-3, ua / from_ua = 1e-6, na / from_na = 1e-9, pa / from_pa = 1e-12 }
}

quantity! {
    /// An electric resistance (transistor on-resistance, wire resistance, MTJ resistance).
    Resistance, si = ohm, from_si = from_ohm, unit = "Ω",
    scaled { kohm / from_kohm = 1e3 }
}

quantity! {
    /// An electric capacitance (gate, drain, wire, bitline).
    Capacitance, si = f, from_si = from_f, unit = "F",
    scaled { pf / from_pf = 1e-12, ff / from_ff = 1e-15, af / from_af = 1e-18 }
}

quantity! {
    /// A length on the die (transistor width, wire length, pitch).
    Length, si = m, from_si = from_m, unit = "m",
    scaled { mm / from_mm = 1e-3, um / from_um = 1e-6, nm / from_nm = 1e-9 }
}

impl Mul<Time> for Power {
    type Output = Energy;
    fn mul(self, rhs: Time) -> Energy {
        Energy::from_j(self.w() * rhs.s())
    }
}

impl Mul<Time> for Energy {
    type Output = Edp;
    fn mul(self, rhs: Time) -> Edp {
        Edp::from_js(self.j() * rhs.s())
    }
}

impl Mul<Area> for Edp {
    type Output = Edap;
    fn mul(self, rhs: Area) -> Edap {
        Edap::from_js_m2(self.js() * rhs.m2())
    }
}

/// An RC product is a time constant.
impl Mul<Capacitance> for Resistance {
    type Output = Time;
    fn mul(self, rhs: Capacitance) -> Time {
        Time::from_s(self.ohm() * rhs.f())
    }
}

/// An RC product is a time constant.
impl Mul<Resistance> for Capacitance {
    type Output = Time;
    fn mul(self, rhs: Resistance) -> Time {
        rhs * self
    }
}

/// Ohm's law: V / I = R.
impl Div<Current> for Voltage {
    type Output = Resistance;
    fn div(self, rhs: Current) -> Resistance {
        Resistance::from_ohm(self.v() / rhs.a())
    }
}

/// Ohm's law: V / R = I.
impl Div<Resistance> for Voltage {
    type Output = Current;
    fn div(self, rhs: Resistance) -> Current {
        Current::from_a(self.v() / rhs.ohm())
    }
}

/// Electric power: V × I = P.
impl Mul<Current> for Voltage {
    type Output = Power;
    fn mul(self, rhs: Current) -> Power {
        Power::from_w(self.v() * rhs.a())
    }
}

/// Electric power: I × V = P.
impl Mul<Voltage> for Current {
    type Output = Power;
    fn mul(self, rhs: Voltage) -> Power {
        rhs * self
    }
}

/// A rectangle: length × length = area.
impl Mul<Length> for Length {
    type Output = Area;
    fn mul(self, rhs: Length) -> Area {
        Area::from_m2(self.m() * rhs.m())
    }
}

impl Capacitance {
    /// Energy drawn from a supply of `voltage` to charge this capacitance from 0 to `voltage`
    /// (C·V²; half is stored, half is lost in the charging path).
    pub fn charge_energy(self, voltage: Voltage) -> Energy {
        Energy::from_j(self.f() * voltage.v() * voltage.v())
    }
}

/// A storage capacity, counted in bits (exact, integral).
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Capacity(u64);

impl Capacity {
    /// From a number of bits.
    pub const fn from_bits(bits: u64) -> Self {
        Self(bits)
    }

    /// From a number of bytes; `None` on overflow.
    pub fn from_bytes(bytes: u64) -> Option<Self> {
        bytes.checked_mul(8).map(Self)
    }

    /// From a number of KiB (1024 bytes); `None` on overflow.
    pub fn from_kib(kib: u64) -> Option<Self> {
        kib.checked_mul(8 * 1024).map(Self)
    }

    /// The capacity in bits.
    pub const fn bits(self) -> u64 {
        self.0
    }

    /// The capacity in bytes (fractional when not a whole number of bytes).
    pub fn bytes(self) -> f64 {
        self.0 as f64 / 8.0
    }

    /// The capacity in KiB.
    pub fn kib(self) -> f64 {
        self.bytes() / 1024.0
    }

    /// The capacity in MiB.
    pub fn mib(self) -> f64 {
        self.kib() / 1024.0
    }
}

impl fmt::Display for Capacity {
    /// Binary prefixes, as cache capacities are quoted: `2 MiB`, `2816 KiB`, `64 B`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let bytes = self.0 / 8;
        if !self.0.is_multiple_of(8) {
            write!(f, "{} bit", self.0)
        } else if bytes >= 1 << 20 && bytes.is_multiple_of(1 << 20) {
            write!(f, "{} MiB", bytes >> 20)
        } else if bytes >= 1 << 10 && bytes.is_multiple_of(1 << 10) {
            write!(f, "{} KiB", bytes >> 10)
        } else {
            write!(f, "{} B", bytes)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unit_accessors_round_trip() {
        assert!((Time::from_ns(4.684).ns() - 4.684).abs() < 1e-12);
        assert!((Energy::from_pj(17.0).pj() - 17.0).abs() < 1e-12);
        assert!((Power::from_mw(56.3).mw() - 56.3).abs() < 1e-12);
        assert!((Area::from_mm2(1.309).mm2() - 1.309).abs() < 1e-12);
        assert_eq!(Time::from_ns(1.0).s(), 1e-9);
    }

    #[test]
    fn typed_products() {
        let e = Power::from_mw(2.0) * Time::from_ms(3.0);
        assert!((e.uj() - 6.0).abs() < 1e-9);
        let edp = Energy::from_j(2.0) * Time::from_s(3.0);
        assert_eq!(edp.js(), 6.0);
        let edap = edp * Area::from_mm2(2.0);
        assert!((edap.js_mm2() - 12.0).abs() < 1e-9);
    }

    #[test]
    fn ratio_of_same_quantity_is_plain() {
        let r: f64 = Energy::from_pj(3.0) / Energy::from_pj(1.5);
        assert!((r - 2.0).abs() < 1e-12);
    }

    #[test]
    fn circuit_quantities_round_trip_and_combine() {
        assert!((Voltage::from_mv(800.0).v() - 0.8).abs() < 1e-12);
        assert!((Current::from_ua(2.5).na() - 2500.0).abs() < 1e-9);
        assert!((Resistance::from_kohm(4.0).ohm() - 4000.0).abs() < 1e-9);
        assert!((Capacitance::from_ff(1.5).af() - 1500.0).abs() < 1e-9);
        assert!((Length::from_nm(22.0).um() - 0.022).abs() < 1e-15);
        // 1 kΩ × 1 fF = 1 ps
        let tau = Resistance::from_kohm(1.0) * Capacitance::from_ff(1.0);
        assert!((tau.ps() - 1.0).abs() < 1e-9);
        assert!(((Capacitance::from_ff(1.0) * Resistance::from_kohm(1.0)).ps() - 1.0).abs() < 1e-9);
        // 0.8 V / 100 µA = 8 kΩ; 0.8 V / 8 kΩ = 100 µA
        let r = Voltage::from_v(0.8) / Current::from_ua(100.0);
        assert!((r.kohm() - 8.0).abs() < 1e-9);
        assert!(((Voltage::from_v(0.8) / r).ua() - 100.0).abs() < 1e-9);
        // 1 V × 1 mA = 1 mW
        assert!(((Voltage::from_v(1.0) * Current::from_ma(1.0)).mw() - 1.0).abs() < 1e-12);
        assert!(((Current::from_ma(1.0) * Voltage::from_v(1.0)).mw() - 1.0).abs() < 1e-12);
        assert!(((Length::from_um(2.0) * Length::from_um(3.0)).um2() - 6.0).abs() < 1e-9);
        // 1 fF charged to 1 V draws 1 fJ
        let e = Capacitance::from_ff(1.0).charge_energy(Voltage::from_v(1.0));
        assert!((e.fj() - 1.0).abs() < 1e-9);
    }

    #[test]
    fn capacity_display_uses_binary_prefixes() {
        assert_eq!(Capacity::from_kib(2048).unwrap().to_string(), "2 MiB");
        assert_eq!(Capacity::from_kib(2816).unwrap().to_string(), "2816 KiB");
        assert_eq!(Capacity::from_bytes(64).unwrap().to_string(), "64 B");
        assert_eq!(Capacity::from_bits(12).to_string(), "12 bit");
        assert_eq!(Capacity::from_kib(u64::MAX), None);
    }
}
