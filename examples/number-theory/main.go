// Package main is the number-theory component (Go): it implements example:number-theory/divisors@1.0.0.
//
// wasmc does not generate Go bindings yet, so each function is exported under its canonical ABI name
// with //go:wasmexport, which works for scalar signatures (docs/languages/go.md).
package main

//go:wasmexport example:number-theory/divisors@1.0.0#gcd
func gcd(a, b uint64) uint64 {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

//go:wasmexport example:number-theory/divisors@1.0.0#lcm
func lcm(a, b uint64) uint64 {
	if a == 0 || b == 0 {
		return 0
	}
	return a / gcd(a, b) * b
}

//go:wasmexport example:number-theory/divisors@1.0.0#totient
func totient(n uint64) uint64 {
	result := n
	for p := uint64(2); p*p <= n; p++ {
		if n%p == 0 {
			for n%p == 0 {
				n /= p
			}
			result -= result / p
		}
	}
	if n > 1 {
		result -= result / n
	}
	return result
}

// main is required by the Go toolchain; a reactor (c-shared) build never calls it.
func main() {}
