package demo

import (
	"strconv"

	"github.com/gatehouse/gatehouse/internal/checks/demo/registry"
)

// filing is a CompanyFiling: a document filed at the registry, with its
// price when it can be bought, or the document itself once bought.
type filing struct {
	SourceID     string    `json:"source_id"`
	Source       string    `json:"source"`
	Type         string    `json:"type"`
	Description  string    `json:"description"`
	DateOfFiling string    `json:"date_of_filing"`
	Price        *int      `json:"price,omitempty"`
	Document     *document `json:"document,omitempty"`
}

// filings lists the company's filings at the registry, newest first,
// ending with its incorporation; each has the registry's own code in its
// description ("CS01 Confirmation statement"). A filing purchase returns
// the newest one, bought.
func (r *run) filings(co *registry.Company, bought bool) []filing {
	src := "DEMO-" + tag(co.Country+"\x00"+co.Number+"\x00"+co.Name)
	price := 100 // credits
	var out []filing
	for i, f := range co.Filings {
		out = append(out, filing{
			SourceID: src + "-" + strconv.Itoa(len(co.Filings)-i), Source: co.Registry, Type: f.Type,
			Description: f.Code + " " + f.Title, DateOfFiling: f.Date, Price: &price,
		})
	}
	if !bought || len(out) == 0 {
		return out
	}
	f := out[0]
	f.Price = nil
	f.Document = &document{
		ID: uuidFor(r.req.CheckID, "filing/"+f.SourceID), Category: "COMPANY_FILING", DocumentType: f.Type, Images: []image{},
	}
	return []filing{f}
}
