module example.com/payments

go 1.22

require (
	github.com/acme/abandoned v0.1.0
	github.com/acme/healthy v1.4.2
)
