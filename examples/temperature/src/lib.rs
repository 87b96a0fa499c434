//! The temperature component (Rust): implements `example:temperature/convert@1.0.0`.
//!
//! wasmc does not generate Rust bindings yet, so each function is exported under its canonical ABI
//! name by hand, which works for scalar signatures (docs/languages/rust.md).

const ABSOLUTE_ZERO_CELSIUS: f64 = -273.15;

#[export_name = "example:temperature/convert@1.0.0#celsius-to-fahrenheit"]
pub extern "C" fn celsius_to_fahrenheit(celsius: f64) -> f64 {
    celsius * 9.0 / 5.0 + 32.0
}

#[export_name = "example:temperature/convert@1.0.0#fahrenheit-to-celsius"]
pub extern "C" fn fahrenheit_to_celsius(fahrenheit: f64) -> f64 {
    (fahrenheit - 32.0) * 5.0 / 9.0
}

#[export_name = "example:temperature/convert@1.0.0#celsius-to-kelvin"]
pub extern "C" fn celsius_to_kelvin(celsius: f64) -> f64 {
    celsius - ABSOLUTE_ZERO_CELSIUS
}
