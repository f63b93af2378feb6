//! When to refresh an endpoint's list: every `refresh_seconds`; sooner while
//! an instance is moving, at most one list request a second on average;
//! backing off on errors up to 5 minutes.

/// Polling interval while any instance is transitional or queued, for a
/// list of up to five pages.
pub const MOVING_SECONDS: u32 = 5;
/// While an instance is moving, the wait per page of the list: a list of
/// many pages is asked for again no more than one page a second on
/// average (and never less often than `refresh_seconds`). The instance a
/// user acts on is followed on its own, by its detail request.
pub const MOVING_SECONDS_PER_PAGE: u32 = 1;
/// The longest wait after repeated errors.
pub const MAX_BACKOFF_SECONDS: u32 = 300;

/// Seconds to wait before the next refresh of one endpoint whose list
/// took `pages` requests.
pub fn next_delay_seconds(
    refresh_seconds: u32,
    any_moving: bool,
    pages: u32,
    errors_in_a_row: u32,
) -> u32 {
    let refresh_seconds = refresh_seconds.max(1);
    let base = if any_moving {
        MOVING_SECONDS
            .max(pages.saturating_mul(MOVING_SECONDS_PER_PAGE))
            .min(refresh_seconds)
    } else {
        refresh_seconds
    };
    if errors_in_a_row == 0 {
        return base;
    }
    let factor = 1u64 << errors_in_a_row.min(16);
    (base.max(MOVING_SECONDS) as u64 * factor).min(MAX_BACKOFF_SECONDS as u64) as u32
}

/// One endpoint's refresh schedule: failures in a row, and when the next
/// refresh is due (`Date.now()` milliseconds).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Schedule {
    pub errors_in_a_row: u32,
    pub next_due_ms: f64,
}

/// How a refresh ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Every page arrived.
    Loaded,
    Failed,
}

/// The schedule after a refresh that ended at `now_ms` with `outcome`;
/// `moving` says whether any instance of the endpoint is changing state,
/// `pages` how many requests its whole list takes. Success resets the
/// error count; each failure doubles the wait.
pub fn after(
    before: Schedule,
    outcome: Outcome,
    moving: bool,
    pages: u32,
    refresh_seconds: u32,
    now_ms: f64,
) -> Schedule {
    let errors_in_a_row = match outcome {
        Outcome::Loaded => 0,
        Outcome::Failed => before.errors_in_a_row.saturating_add(1),
    };
    let delay = next_delay_seconds(refresh_seconds, moving, pages, errors_in_a_row);
    Schedule {
        errors_in_a_row,
        next_due_ms: now_ms + f64::from(delay) * 1000.0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_schedule_backs_off_on_failures_and_resets_on_success() {
        use Outcome::{Failed, Loaded};
        // (outcome, moving, errors in a row after it, seconds until the next refresh)
        let steps = [
            (Loaded, false, 0, 30),
            (Failed, false, 1, 60),
            (Failed, false, 2, 120),
            (Failed, true, 3, 40),
            (Failed, false, 4, 300),
            (Failed, false, 5, 300),
            (Loaded, true, 0, 5),
            (Failed, true, 1, 10),
            (Loaded, false, 0, 30),
        ];
        let mut schedule = Schedule {
            errors_in_a_row: 0,
            next_due_ms: 0.0,
        };
        let mut now = 1_000_000.0;
        for (i, (outcome, moving, errors, wait)) in steps.into_iter().enumerate() {
            schedule = after(schedule, outcome, moving, 1, 30, now);
            assert_eq!(schedule.errors_in_a_row, errors, "step {i}");
            assert_eq!(
                schedule.next_due_ms,
                now + f64::from(wait) * 1000.0,
                "step {i}"
            );
            now = schedule.next_due_ms;
        }
    }

    #[test]
    fn settled_lists_use_the_configured_interval() {
        assert_eq!(next_delay_seconds(30, false, 1, 0), 30);
        assert_eq!(next_delay_seconds(30, false, 100, 0), 30);
    }

    #[test]
    fn moving_instances_poll_every_five_seconds() {
        assert_eq!(next_delay_seconds(30, true, 1, 0), 5);
        assert_eq!(next_delay_seconds(30, true, 5, 0), 5);
        assert_eq!(next_delay_seconds(3, true, 1, 0), 3);
    }

    #[test]
    fn a_long_moving_list_is_asked_for_at_most_a_page_a_second() {
        // 12 pages: every 12 s, not 12 requests every 5 s.
        assert_eq!(next_delay_seconds(30, true, 12, 0), 12);
        // 10,000 instances in 100 pages: the configured interval, no sooner
        // and no later.
        assert_eq!(next_delay_seconds(30, true, 100, 0), 30);
        assert_eq!(next_delay_seconds(30, true, u32::MAX, 0), 30);
        // After a refresh of 20 pages while an instance moves: 20 s.
        let long = after(
            Schedule {
                errors_in_a_row: 0,
                next_due_ms: 0.0,
            },
            Outcome::Loaded,
            true,
            20,
            60,
            0.0,
        );
        assert_eq!(long.next_due_ms, 20_000.0);
    }

    #[test]
    fn errors_back_off_up_to_five_minutes() {
        assert_eq!(next_delay_seconds(30, false, 1, 1), 60);
        assert_eq!(next_delay_seconds(30, false, 1, 2), 120);
        assert_eq!(next_delay_seconds(30, false, 1, 3), 240);
        assert_eq!(next_delay_seconds(30, false, 1, 4), 300);
        assert_eq!(next_delay_seconds(30, false, 1, 40), 300);
        assert_eq!(next_delay_seconds(30, true, 1, 1), 10);
        assert_eq!(next_delay_seconds(30, true, 12, 1), 24);
    }
}
