package demo_test

import (
	"context"
	"fmt"

	"github.com/gatehouse/gatehouse/internal/checks"
	"github.com/gatehouse/gatehouse/internal/checks/demo"
	"github.com/gatehouse/gatehouse/internal/kyc"
)

// A keyword in the name drives the outcome: "pep" and "sanction" each add
// a potential match, and the result is the most severe.
func ExampleProvider_Run() {
	input := []byte(`{"entity_type":"INDIVIDUAL","personal_details":{"name":{"given_names":["Alex"],"family_name":"Wheeler-pep sanction"}}}`)
	facts, _ := kyc.ParseFacts(input)
	o, err := demo.New().Run(context.Background(), checks.Request{
		CheckID: "3f1c2a6e-8b7d-4e2f-9a10-5c6d7e8f9a0b", CheckType: kyc.CheckPEPsAndSanctions, Input: input, Facts: facts,
	})
	if err != nil {
		panic(err)
	}
	fmt.Println(o.Result)
	for _, h := range o.Hits {
		fmt.Println(h.Type, h.MatchKey)
	}
	// Output:
	// Sanction
	// PEP_FLAG demo:DEMO-PEP-ae109c9c/PEP_FLAG
	// SANCTION_FLAG demo:DEMO-SANCTION-ae109c9c/SANCTION_FLAG
}

// A demo_result value picks the outcome whatever the name. The databases
// confirm only what the input has: here a name, a date of birth and an
// address in the United Kingdom.
func ExampleProvider_Run_demoResult() {
	input := []byte(`{"entity_type":"INDIVIDUAL","personal_details":{"name":{"given_names":["Alex"],"family_name":"Wheeler"},"dob":"1985-07-14"},` +
		`"address_history":[{"address":{"type":"STRUCTURED","country":"GBR","street_number":"221B","route":"Baker Street","postal_town":"London","postal_code":"NW1 6XE"}}]}`)
	facts, _ := kyc.ParseFacts(input)
	for _, v := range []string{"ONE_NAME_ADDRESS_ONE_NAME_DOB_MATCH", "ERROR_INVALID_CREDENTIALS", "SCREEN_SINGLE_PEP"} {
		o, _ := demo.New().Run(context.Background(), checks.Request{
			CheckID: "3f1c2a6e-8b7d-4e2f-9a10-5c6d7e8f9a0b", CheckType: kyc.CheckIdentity, Input: input, Facts: facts, DemoResult: v,
		})
		fmt.Print(v, " → ", o.Result)
		for _, e := range o.Errors {
			fmt.Print(" ", e.Code, " ", e.Source)
		}
		fmt.Println()
	}
	// Output:
	// ONE_NAME_ADDRESS_ONE_NAME_DOB_MATCH → 1+1
	// ERROR_INVALID_CREDENTIALS → Error 502 PROVIDER
	// SCREEN_SINGLE_PEP → Error 201 API
}
