module number-theory

go 1.24
