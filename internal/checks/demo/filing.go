package demo

import "strconv"

// filing is a CompanyFiling: a document filed at the registry, with its
// price when it can be bought, or the document itself once bought.
type filing struct {
	SourceID     string    `json:"source_id"`
	Source       string    `json:"source"`
	Type         string    `json:"type"`
	DateOfFiling string    `json:"date_of_filing"`
	Price        *int      `json:"price,omitempty"`
	Document     *document `json:"document,omitempty"`
}

var demoFilings = []struct{ typ, date string }{
	{"CONFIRMATION_STATEMENT", "2024-05-20"},
	{"COMPANY_ACCOUNTS", "2024-03-28"},
	{"CHANGE_OF_OFFICERS", "2023-11-02"},
}

// filings lists the company's filings, newest first, ending with its
// incorporation. A filing purchase returns the newest one, bought.
func (r *run) filings(incorporated string, bought bool) []filing {
	src := "DEMO-" + tag(r.facts.CompanyNumber+"\x00"+r.facts.CompanyName)
	price := 100 // credits
	var out []filing
	for i, d := range demoFilings {
		out = append(out, filing{SourceID: src + "-" + strconv.Itoa(i+1), Source: "Demo Companies Registry", Type: d.typ, DateOfFiling: d.date, Price: &price})
	}
	out = append(out, filing{SourceID: src + "-0", Source: "Demo Companies Registry", Type: "INCORPORATION", DateOfFiling: incorporated, Price: &price})
	if !bought {
		return out
	}
	f := out[0]
	f.Price = nil
	f.Document = &document{
		ID: uuidFor(r.req.CheckID, "filing/"+f.SourceID), Category: "COMPANY_FILING", DocumentType: f.Type, Images: []image{},
	}
	return []filing{f}
}
