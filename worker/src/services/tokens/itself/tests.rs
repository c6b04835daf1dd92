use super::*;

const NOW: i64 = 1_795_953_600;
const HOUR: i64 = 60 * 60;

#[test]
fn a_token_rotates_itself_up_to_24_times_in_24_hours_r19() {
    for issued in 0..SELF_ROTATIONS_PER_DAY {
        assert_eq!(self_rotation_again_at(issued, Some(NOW - HOUR), NOW), None);
    }
    assert!(self_rotation_again_at(24, Some(NOW - HOUR), NOW).is_some());
}

#[test]
fn a_token_past_its_rotations_may_rotate_again_24_hours_after_the_first_of_them_r19() {
    let first = NOW - 23 * HOUR;
    assert_eq!(
        self_rotation_again_at(24, Some(first), NOW),
        Some(NOW + HOUR)
    );
    assert_eq!(
        self_rotation_again_at(30, Some(first), NOW),
        Some(NOW + HOUR)
    );
}
