//! The temperature component (Rust): implements `example:temperature/convert@1.0.0`.
//!
//! wasmc generates the crate `temperature_bindings` from `wit/` for every build: implement the interface's
//! `Guest` trait and export it with the crate's `export!` macro (docs/languages/rust.md).

use temperature_bindings::exports::example::temperature::convert::Guest;

const ABSOLUTE_ZERO_CELSIUS: f64 = -273.15;

struct Temperature;

impl Guest for Temperature {
    fn celsius_to_fahrenheit(celsius: f64) -> f64 {
        celsius * 9.0 / 5.0 + 32.0
    }

    fn fahrenheit_to_celsius(fahrenheit: f64) -> f64 {
        (fahrenheit - 32.0) * 5.0 / 9.0
    }

    fn celsius_to_kelvin(celsius: f64) -> f64 {
        celsius - ABSOLUTE_ZERO_CELSIUS
    }
}

temperature_bindings::export!(Temperature with_types_in temperature_bindings);
