// Replaced by the toml-test decoder implementation.
return 0;
