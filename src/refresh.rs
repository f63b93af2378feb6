//! When to refresh an endpoint's list: every `refresh_seconds`, every 5 s
//! while an instance is moving, backing off on errors up to 5 minutes.

/// Polling interval while any instance is transitional or queued.
pub const MOVING_SECONDS: u32 = 5;
/// The longest wait after repeated errors.
pub const MAX_BACKOFF_SECONDS: u32 = 300;

/// Seconds to wait before the next refresh of one endpoint.
pub fn next_delay_seconds(refresh_seconds: u32, any_moving: bool, errors_in_a_row: u32) -> u32 {
    let base = if any_moving {
        MOVING_SECONDS.min(refresh_seconds.max(1))
    } else {
        refresh_seconds.max(1)
    };
    if errors_in_a_row == 0 {
        return base;
    }
    let factor = 1u64 << errors_in_a_row.min(16);
    (base.max(MOVING_SECONDS) as u64 * factor).min(MAX_BACKOFF_SECONDS as u64) as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settled_lists_use_the_configured_interval() {
        assert_eq!(next_delay_seconds(30, false, 0), 30);
    }

    #[test]
    fn moving_instances_poll_every_five_seconds() {
        assert_eq!(next_delay_seconds(30, true, 0), 5);
        assert_eq!(next_delay_seconds(3, true, 0), 3);
    }

    #[test]
    fn errors_back_off_up_to_five_minutes() {
        assert_eq!(next_delay_seconds(30, false, 1), 60);
        assert_eq!(next_delay_seconds(30, false, 2), 120);
        assert_eq!(next_delay_seconds(30, false, 3), 240);
        assert_eq!(next_delay_seconds(30, false, 4), 300);
        assert_eq!(next_delay_seconds(30, false, 40), 300);
        assert_eq!(next_delay_seconds(30, true, 1), 10);
    }
}
