package main

import (
	"errors"
	"fmt"
	"io"

	"github.com/gatehouse/gatehouse/internal/policy"
)

// policyCmd validates a policy file: `gatehouse policy check FILE`.
func policyCmd(args []string, stdout io.Writer) error {
	if len(args) != 2 || args[0] != "check" {
		return errors.New("usage: gatehouse policy check FILE")
	}
	p, err := policy.Load(args[1])
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s: valid policy %q, version %s, %d products\n", args[1], p.Name(), p.Version(), len(p.Products()))
	return nil
}
