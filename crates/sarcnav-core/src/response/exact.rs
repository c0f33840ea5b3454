//! Exact arithmetic for the response thresholds. A measurement is held as an integer count of
//! billionths of its unit (mm or mm²), so 12.5 mm is exactly 12 500 000 000 nano-mm and every
//! threshold (`sum ≤ 0.7 × baseline`, `spd > 1.25 × baseline`) is an integer comparison after
//! cross-multiplying. Percentages are exact rationals, rounded only for display.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Billionths per unit: the resolution at which a JSON number is read.
const NANOS_PER_UNIT: i128 = 1_000_000_000;

/// The largest accepted measurement, in units (10¹² mm or mm²): far beyond any lesion, small
/// enough that sums and cross-multiplications cannot overflow.
const MAX_UNITS: i128 = 1_000_000_000_000;

/// A non-negative measurement (a diameter in mm, a sum of products in mm²), exact to 10⁻⁹.
///
/// Read from JSON as the decimal the number was written as (to nine decimal places), so
/// `57.1` is exactly 57.1, not the nearest binary float.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Quantity {
    nanos: i128,
}

/// Why a number is not an acceptable measurement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum QuantityError {
    /// Below zero.
    #[error("must be a number ≥ 0")]
    Negative,
    /// Above 10¹² of its unit.
    #[error("must be at most 1000000000000")]
    TooLarge,
    /// Not a finite number.
    #[error("must be a finite number")]
    NotFinite,
}

impl Quantity {
    /// Zero.
    pub const ZERO: Quantity = Quantity { nanos: 0 };

    /// A whole number of units (thresholds such as 5 mm, test values).
    pub const fn from_units(units: u32) -> Quantity {
        Quantity {
            nanos: units as i128 * NANOS_PER_UNIT,
        }
    }

    /// The decimal a JSON number was written as, exact to nine decimal places (more digits are
    /// rounded to the nearest billionth). Negative, non-finite and absurdly large numbers are
    /// errors.
    pub fn from_f64(value: f64) -> Result<Quantity, QuantityError> {
        if !value.is_finite() {
            return Err(QuantityError::NotFinite);
        }
        // `{:.9}` rounds the binary value correctly to nine decimals: it recovers the written
        // decimal (57.1, not 57.10000000000000142…) for any input of up to nine decimals.
        let text = format!("{value:.9}");
        let (negative, digits) = match text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, text.as_str()),
        };
        let mut nanos: i128 = 0;
        for c in digits.bytes().filter(|c| *c != b'.') {
            if !c.is_ascii_digit() {
                return Err(QuantityError::NotFinite);
            }
            nanos = nanos
                .checked_mul(10)
                .and_then(|n| n.checked_add(i128::from(c - b'0')))
                .ok_or(QuantityError::TooLarge)?;
            if nanos > MAX_UNITS * NANOS_PER_UNIT {
                return Err(QuantityError::TooLarge);
            }
        }
        if negative && nanos != 0 {
            return Err(QuantityError::Negative);
        }
        Ok(Quantity { nanos })
    }

    /// The value in billionths of its unit.
    pub fn nanos(self) -> i128 {
        self.nanos
    }

    /// The absolute difference of two measurements.
    pub fn difference(self, other: Quantity) -> Quantity {
        Quantity {
            nanos: (self.nanos - other.nanos).abs(),
        }
    }

    /// True for exactly zero.
    pub fn is_zero(self) -> bool {
        self.nanos == 0
    }

    /// The value as the nearest binary float (for JSON output only; never compared).
    pub fn to_f64(self) -> f64 {
        self.to_string()
            .parse()
            .unwrap_or(self.nanos as f64 / NANOS_PER_UNIT as f64)
    }
}

/// The sum of measurements (at most a handful, each ≤ 10¹², so it cannot overflow).
impl std::iter::Sum for Quantity {
    fn sum<I: Iterator<Item = Quantity>>(items: I) -> Quantity {
        Quantity {
            nanos: items.map(|q| q.nanos).sum(),
        }
    }
}

impl fmt::Display for Quantity {
    /// The exact decimal, without trailing zeros: `105`, `57.1`, `0.25`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let whole = self.nanos / NANOS_PER_UNIT;
        let frac = self.nanos % NANOS_PER_UNIT;
        if frac == 0 {
            write!(f, "{whole}")
        } else {
            let digits = format!("{frac:09}");
            write!(f, "{whole}.{}", digits.trim_end_matches('0'))
        }
    }
}

impl Serialize for Quantity {
    /// A whole number as a JSON integer (`105`), otherwise the decimal (`57.1`).
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if self.nanos % NANOS_PER_UNIT == 0 {
            let whole = i64::try_from(self.nanos / NANOS_PER_UNIT).unwrap_or(i64::MAX);
            serializer.serialize_i64(whole)
        } else {
            serializer.serialize_f64(self.to_f64())
        }
    }
}

impl<'de> Deserialize<'de> for Quantity {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = f64::deserialize(deserializer)?;
        Quantity::from_f64(value).map_err(serde::de::Error::custom)
    }
}

/// An exact signed rational `num / den` with `den > 0`: a relative change, in percent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Percent {
    num: i128,
    den: i128,
}

impl Percent {
    /// The change from `reference` to `value` in percent, `(value − reference) / reference ×
    /// 100`; `None` when the reference is 0. Works on any exact integers (billionths, counts).
    pub fn change(value: i128, reference: i128) -> Option<Percent> {
        (reference > 0).then(|| Percent {
            num: (value - reference) * 100,
            den: reference,
        })
    }

    /// The percentage rounded to `decimals` places, half away from zero, as an integer count
    /// of 10^−decimals percent.
    pub fn rounded(self, decimals: u32) -> i128 {
        let scaled = self.num * 10_i128.pow(decimals);
        let (q, r) = (scaled.abs() / self.den, scaled.abs() % self.den);
        let magnitude = if 2 * r >= self.den { q + 1 } else { q };
        if scaled < 0 { -magnitude } else { magnitude }
    }

    /// The percentage rounded to one decimal, half away from zero: the contract's output value.
    pub fn one_decimal(self) -> OneDecimal {
        OneDecimal(self.rounded(1))
    }

    /// True when the change is below zero.
    pub fn is_negative(self) -> bool {
        self.num < 0
    }

    /// The size of the change, in words a reader can hold against `threshold` (a whole
    /// percentage): one decimal, unless rounding would make it look equal to the threshold when
    /// it is not, in which case more decimals (`19.96%`) or "just under/over".
    pub fn describe_against(self, threshold: i128) -> String {
        let magnitude = Percent {
            num: self.num.abs(),
            den: self.den,
        };
        let exactly_threshold = magnitude.num == threshold * magnitude.den;
        for decimals in 1..=4u32 {
            let r = magnitude.rounded(decimals);
            if exactly_threshold || r != threshold * 10_i128.pow(decimals) {
                return format!("{}%", decimal_text(r, decimals));
            }
        }
        if magnitude.num < threshold * magnitude.den {
            format!("just under {threshold}%")
        } else {
            format!("just over {threshold}%")
        }
    }
}

/// A percentage rounded to one decimal (tenths of a percent), as the contract outputs it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct OneDecimal(pub i128);

impl fmt::Display for OneDecimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&decimal_text(self.0, 1))
    }
}

impl Serialize for OneDecimal {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        // Tenths are small integers: dividing by 10 gives the nearest float to the decimal.
        let value = self.0 as f64 / 10.0;
        serializer.serialize_f64(if self.0 == 0 { 0.0 } else { value })
    }
}

/// `value` × 10^−decimals as text with exactly `decimals` places (`-303`, 1 → `-30.3`).
fn decimal_text(value: i128, decimals: u32) -> String {
    let unit = 10_i128.pow(decimals);
    let sign = if value < 0 { "-" } else { "" };
    let whole = value.abs() / unit;
    if decimals == 0 {
        return format!("{sign}{whole}");
    }
    let frac = value.abs() % unit;
    format!("{sign}{whole}.{frac:0width$}", width = decimals as usize)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_decimals_exactly() {
        let q = Quantity::from_f64(57.1).unwrap();
        assert_eq!(q.nanos(), 57_100_000_000);
        assert_eq!(q.to_string(), "57.1");
        assert_eq!(Quantity::from_f64(12.5).unwrap().to_string(), "12.5");
        assert_eq!(Quantity::from_f64(105.0).unwrap().to_string(), "105");
        assert_eq!(Quantity::from_f64(-0.0).unwrap(), Quantity::ZERO);
        assert_eq!(Quantity::from_f64(-1.0), Err(QuantityError::Negative));
        assert_eq!(Quantity::from_f64(1e300), Err(QuantityError::TooLarge));
        assert_eq!(Quantity::from_f64(f64::NAN), Err(QuantityError::NotFinite));
        // 0.1 + 0.2 in binary is 0.30000000000000004; to nine decimals it is 0.3.
        assert_eq!(Quantity::from_f64(0.1 + 0.2).unwrap().to_string(), "0.3");
    }

    #[test]
    fn rounds_half_away_from_zero() {
        // 90 → 63 is exactly −30%.
        assert_eq!(Percent::change(63, 90).unwrap().one_decimal().0, -300);
        // −28.625% → −28.6; +0.05% → 0.1; −0.05% → −0.1.
        assert_eq!(
            Percent::change(57_100, 80_000).unwrap().one_decimal().0,
            -286
        );
        assert_eq!(Percent::change(20_010, 20_000).unwrap().one_decimal().0, 1);
        assert_eq!(Percent::change(19_990, 20_000).unwrap().one_decimal().0, -1);
        assert_eq!(Percent::change(5, 0), None);
    }

    #[test]
    fn describes_near_thresholds_without_lying() {
        assert_eq!(
            Percent::change(120, 100).unwrap().describe_against(20),
            "20.0%"
        );
        // 119.96/100 rounds to 20.0% at one decimal; show enough decimals to see it is below.
        assert_eq!(
            Percent::change(11_996, 10_000)
                .unwrap()
                .describe_against(20),
            "19.96%"
        );
        assert_eq!(
            Percent::change(1_199_999_999, 1_000_000_000)
                .unwrap()
                .describe_against(20),
            "just under 20%"
        );
        assert_eq!(
            Percent::change(63, 90).unwrap().describe_against(30),
            "30.0%"
        );
    }
}
