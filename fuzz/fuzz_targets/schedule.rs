//! Fuzz target for schedule expressions (the checks' and the emulator's): AWS cron parsing and the next-firing
//! search must never panic, and a next firing is always later than where the search starts.
#![no_main]

use libfuzzer_sys::fuzz_target;
use slsc::schedule::cron::Cron;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = slsc::schedule::rate::parse(&text);
    let _ = slsc::schedule::parse(&text);
    let Ok(cron) = Cron::parse(&text) else { return };
    let start: jiff::civil::DateTime = "2024-02-28T23:59".parse().unwrap();
    if let Some(next) = cron.next_after(start) {
        assert!(next > start);
    }
});
