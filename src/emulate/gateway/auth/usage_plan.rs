//! Usage-plan limits per API key: the throttle as a token bucket (`burstLimit` tokens, refilled
//! at `rateLimit` per second) and the quota (`limit` requests per UTC DAY, WEEK (from Monday)
//! or MONTH, the first period starting `offset` requests in). Time is passed in (epoch
//! milliseconds) so tests drive the clock.

use crate::ir::UsagePlan;

/// The limits of one plan.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Limits {
    /// (requests per second, bucket size)
    pub throttle: Option<(f64, f64)>,
    pub quota: Option<Quota>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Quota {
    pub limit: u64,
    pub offset: u64,
    pub period: Period,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Period {
    Day,
    Week,
    Month,
}

impl Limits {
    pub fn from_plan(plan: &UsagePlan) -> Limits {
        let throttle = plan.throttle.as_ref().and_then(|t| {
            let rate = t.rate_limit.map(|r| r.max(0.0));
            let burst = t.burst_limit.map(|b| b as f64);
            match (rate, burst) {
                (None, None) => None,
                (Some(r), b) => Some((r, b.unwrap_or_else(|| r.ceil().max(1.0)))),
                (None, Some(b)) => Some((f64::INFINITY, b)),
            }
        });
        let quota = plan.quota.as_ref().and_then(|q| {
            let period = match q.period.as_deref().map(str::to_ascii_uppercase).as_deref() {
                Some("DAY") => Period::Day,
                Some("WEEK") => Period::Week,
                Some("MONTH") => Period::Month,
                _ => return None,
            };
            Some(Quota {
                limit: q.limit?,
                offset: q.offset.unwrap_or(0),
                period,
            })
        });
        Limits { throttle, quota }
    }
}

/// Why a request was refused, with the seconds to wait.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refusal {
    Throttled { retry_after: u64 },
    QuotaExceeded { retry_after: u64 },
}

/// One key's counters.
#[derive(Clone, Debug, Default)]
pub struct Usage {
    tokens: f64,
    last_ms: Option<u64>,
    /// Start of the quota period counted in `used` (epoch ms), and the requests counted.
    period_start: Option<u64>,
    used: u64,
}

impl Usage {
    /// Counts one request at `now_ms` against `limits`; a refused request is not counted.
    pub fn admit(&mut self, limits: &Limits, now_ms: u64) -> Result<(), Refusal> {
        if let Some((rate, burst)) = limits.throttle {
            let tokens = match self.last_ms {
                None => burst,
                Some(last) => {
                    let elapsed = now_ms.saturating_sub(last) as f64 / 1000.0;
                    (self.tokens + elapsed * rate).min(burst)
                }
            };
            self.last_ms = Some(now_ms.max(self.last_ms.unwrap_or(0)));
            if tokens < 1.0 {
                self.tokens = tokens;
                let wait = if rate > 0.0 {
                    ((1.0 - tokens) / rate).ceil().max(1.0)
                } else {
                    1.0
                };
                return Err(Refusal::Throttled {
                    retry_after: wait as u64,
                });
            }
            self.tokens = tokens - 1.0;
        }
        if let Some(q) = &limits.quota {
            let (start, end) = period_bounds(q.period, now_ms);
            if self.period_start != Some(start) {
                self.used = if self.period_start.is_none() {
                    q.offset
                } else {
                    0
                };
                self.period_start = Some(start);
            }
            if self.used >= q.limit {
                if limits.throttle.is_some() {
                    self.tokens += 1.0;
                }
                return Err(Refusal::QuotaExceeded {
                    retry_after: end.saturating_sub(now_ms).div_ceil(1000).max(1),
                });
            }
            self.used += 1;
        }
        Ok(())
    }
}

const DAY_MS: u64 = 86_400_000;

/// The UTC period containing `now_ms`: (start, end) in epoch ms.
pub fn period_bounds(period: Period, now_ms: u64) -> (u64, u64) {
    let day = now_ms / DAY_MS;
    match period {
        Period::Day => (day * DAY_MS, (day + 1) * DAY_MS),
        Period::Week => {
            // 1970-01-01 was a Thursday: days since the last Monday.
            let since_monday = (day + 3) % 7;
            let start = day - since_monday.min(day);
            (start * DAY_MS, (start + 7) * DAY_MS)
        }
        Period::Month => {
            use crate::common::time::{civil_from_days, days_from_civil};
            let (y, m, _) = civil_from_days(day as i64);
            let start = days_from_civil(y, m, 1);
            let (ny, nm) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
            let end = days_from_civil(ny, nm, 1);
            (start as u64 * DAY_MS, end as u64 * DAY_MS)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limits(rate: f64, burst: f64, quota: Option<(u64, u64, Period)>) -> Limits {
        Limits {
            throttle: Some((rate, burst)),
            quota: quota.map(|(limit, offset, period)| Quota {
                limit,
                offset,
                period,
            }),
        }
    }

    #[test]
    fn token_bucket_allows_bursts_then_the_rate() {
        let l = limits(2.0, 3.0, None);
        let mut u = Usage::default();
        // (time ms, admitted?)
        let steps = [
            (0, true),
            (0, true),
            (0, true),
            (0, false),
            (499, false),
            (500, true),
            (500, false),
            (1000, true),
            (10_000, true),
            (10_000, true),
            (10_000, true),
            (10_000, false),
        ];
        for (i, (t, ok)) in steps.into_iter().enumerate() {
            assert_eq!(u.admit(&l, t).is_ok(), ok, "step {i} at {t} ms");
        }
        assert_eq!(
            u.admit(&l, 10_000),
            Err(Refusal::Throttled { retry_after: 1 })
        );
    }

    #[test]
    fn quota_counts_per_period_with_offset() {
        let day0 = 20_000 * DAY_MS;
        let l = limits(1000.0, 1000.0, Some((3, 1, Period::Day)));
        let mut u = Usage::default();
        assert!(u.admit(&l, day0 + 10).is_ok());
        assert!(u.admit(&l, day0 + 20).is_ok());
        assert_eq!(
            u.admit(&l, day0 + DAY_MS - 1500),
            Err(Refusal::QuotaExceeded { retry_after: 2 })
        );
        // the next day starts from zero, without the offset
        for i in 0..3 {
            assert!(u.admit(&l, day0 + DAY_MS + i).is_ok(), "{i}");
        }
        assert!(u.admit(&l, day0 + DAY_MS + 5).is_err());
    }

    #[test]
    fn periods_are_utc_calendar_periods() {
        // 2024-02-15T12:00:00Z (a Thursday)
        let t = 1_707_998_400_000;
        let day = |y, m, d| crate::common::time::days_from_civil(y, m, d) as u64 * DAY_MS;
        assert_eq!(
            period_bounds(Period::Day, t),
            (day(2024, 2, 15), day(2024, 2, 16))
        );
        assert_eq!(
            period_bounds(Period::Week, t),
            (day(2024, 2, 12), day(2024, 2, 19))
        );
        assert_eq!(
            period_bounds(Period::Month, t),
            (day(2024, 2, 1), day(2024, 3, 1))
        );
        assert_eq!(
            period_bounds(Period::Month, day(2023, 12, 31)).1,
            day(2024, 1, 1)
        );
    }

    #[test]
    fn plans_become_limits() {
        use crate::ir::{Quota as Q, Throttle};
        let plan = UsagePlan {
            quota: Some(Q {
                limit: Some(100),
                offset: None,
                period: Some("week".into()),
            }),
            throttle: Some(Throttle {
                burst_limit: None,
                rate_limit: Some(2.5),
            }),
        };
        let l = Limits::from_plan(&plan);
        assert_eq!(l.throttle, Some((2.5, 3.0)));
        assert_eq!(
            l.quota.map(|q| (q.limit, q.period)),
            Some((100, Period::Week))
        );
        assert_eq!(Limits::from_plan(&UsagePlan::default()), Limits::default());
    }
}
