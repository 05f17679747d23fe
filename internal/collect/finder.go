package collect

import (
	"net/http"

	"github.com/gatehouse/gatehouse/internal/address"
	"github.com/gatehouse/gatehouse/internal/kyc"
	"github.com/gatehouse/gatehouse/internal/passfort"
)

// findAddress lists the addresses the searcher finds for the applicant's
// words, in the chosen country, to pick from; what was typed stays.
func (h *Handler) findAddress(w http.ResponseWriter, r *http.Request, s session, prof *kyc.Profile, a answers) {
	var ps problems
	switch {
	case !passfort.IsCountryCode(a.Address.Country):
		ps.add("address_country", "Select the country you live in, then search")
	case a.AddressQuery == "":
		ps.add("address_query", "Enter your postcode or the first line of your address")
	}
	if len(ps) > 0 {
		h.showForm(w, http.StatusUnprocessableEntity, s, prof, a, ps, "")
		return
	}
	res, err := address.SearchAddresses(r.Context(), h.cfg.Addresses, a.AddressQuery, a.Address.Country, address.DefaultLimit)
	if err != nil {
		if reason := searchProblem(err); reason != "" {
			ps.add("address_query", reason)
			h.showForm(w, http.StatusUnprocessableEntity, s, prof, a, ps, "")
			return
		}
		h.failed(w, r, err)
		return
	}
	if len(res.Results) == 0 {
		ps.add("address_query", "No address was found. Check what you typed, or enter your address below.")
		h.showForm(w, http.StatusUnprocessableEntity, s, prof, a, ps, "")
		return
	}
	h.showFormFound(w, s, prof, a, res.Results)
}

// showFormFound shows the form with addresses to choose from.
func (h *Handler) showFormFound(w http.ResponseWriter, s session, prof *kyc.Profile, a answers, found []address.Result) {
	h.showFormWith(w, http.StatusOK, s, prof, a, nil, "", func(p *page) { p.Found = found })
}

// chooseAddress fills the address fields with the chosen result.
func (h *Handler) chooseAddress(w http.ResponseWriter, r *http.Request, s session, prof *kyc.Profile, a answers) {
	if a.AddressChoice == "" || !passfort.IsCountryCode(a.Address.Country) {
		var ps problems
		ps.add("address_query", "Choose your address from the list, or enter it below")
		h.showForm(w, http.StatusUnprocessableEntity, s, prof, a, ps, "")
		return
	}
	got, err := address.ResolveAddress(r.Context(), h.cfg.Addresses, a.AddressChoice, a.Address.Country)
	if err != nil {
		var ps problems
		if reason := searchProblem(err); reason != "" || kyc.IsCode(err, kyc.ENotFound) {
			ps.add("address_query", "That address could not be used. Search again, or enter your address below.")
			h.showForm(w, http.StatusUnprocessableEntity, s, prof, a, ps, "")
			return
		}
		h.failed(w, r, err)
		return
	}
	country := a.Address.Country
	a.Address = addressAnswers{
		Country: got.Country, Subpremise: got.Subpremise, Premise: got.Premise, StreetNumber: got.StreetNumber,
		Route: got.Route, Locality: got.Locality, PostalTown: got.PostalTown, County: got.County,
		State: got.StateProvince, PostalCode: got.PostalCode,
	}
	if a.Address.Locality == "" {
		a.Address.Locality, a.Address.PostalTown = a.Address.PostalTown, ""
	}
	if a.Address.Country == "" {
		a.Address.Country = country
	}
	a.AddressQuery, a.AddressChoice = "", ""
	h.showForm(w, http.StatusOK, s, prof, a, nil, "We have filled in your address. Check it, then send your details.")
}

// searchProblem says in plain words why a search could not be made, or ""
// for an internal error. A provider that cannot be reached is the
// applicant's problem only in that they must type the address.
func searchProblem(err error) string {
	switch kyc.ErrorCode(err) {
	case kyc.EInvalid, kyc.EMissingFields:
		return "Enter up to 200 characters of your postcode or address"
	case kyc.EProvider, kyc.EUnavailable:
		return "Address search is not working at the moment. Please enter your address below."
	}
	return ""
}
