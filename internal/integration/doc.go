// Package integration is Gatehouse's side of PassFort's partner protocol
// (the "Passfort Partner API", protocol version 1): the client that runs
// checks through an integration a provider hosts, the handlers for the
// requests the integration makes back to Gatehouse, and the mapping of
// its answers onto PassFort 4.0 checks (kyc.CheckOutcome), so that
// integrations written for PassFort plug into Gatehouse unchanged.
//
// # The protocol
//
// An integration serves one check type with one template, under a base URL
// ending in "/". Every request in either direction is signed with a
// 32-byte key the two sides share (package httpsig), except GET /.
//
//   - GET / (unsigned) names the provider and the protocol version
//     (Metadata); GET /config declares the check type, the template and its
//     timing, pricing, countries, features and the credential and
//     configuration fields a customer fills in (Config). Config.Validate
//     reports every way a declaration falls short, for `gatehouse policy
//     check`.
//
//   - One-time synchronous (IDENTITY_CHECK, COMPANY_DATA, INDIVIDUAL_CUSTOM,
//     COMPANY_CUSTOM): POST /checks answers with the result (RunCheck).
//
//   - One-time callback (DOCUMENT_VERIFICATION, DOCUMENT_FETCH): POST
//     /checks starts the check and answers with provider_id, reference and
//     custom_data (StartCheck). Gatehouse records them, then says POST
//     /checks/{id}/ready (Ready); the order matters, because an integration
//     may call back while answering /ready (it must, for demo checks).
//     When its provider is done the integration POSTs {provider_id,
//     reference, custom_data} to Gatehouse's callback endpoint
//     (CallbackHandler); Gatehouse merges custom_data (MergeCustomData) and
//     fetches the result with POST /checks/{id}/complete (Complete). While
//     a document verification runs, the integration downloads the
//     document's images from Gatehouse (ImageHandler); a document fetch
//     instead returns images by provider reference, which Gatehouse
//     downloads with POST /download_file (DownloadFile).
//
//   - One-time polled screening (PEPS_AND_SANCTIONS_SCREEN): POST /checks
//     starts it; POST /checks/{id}/poll is repeated on the template's
//     schedule (initial_interval, polling_interval, max_polls) until the
//     answer carries check_output or errors. Poll state is a plain value
//     (PollState) and Client.PollStep makes one poll, so a durable job can
//     poll across restarts; Client.Screen is the blocking loop.
//
//   - COMPANY_SEARCH (a feature of COMPANY_DATA integrations): POST /search.
//
// Every check request carries the check's id, demo_result when the check
// is a demo, commercial_relationship (DIRECT or PASSFORT), check_input (the
// profile's 4.0 EntityData), provider_config, and provider_credentials
// only when the relationship is DIRECT.
//
// # Transport
//
// Each call has a timeout: the template's timeout (request_timeout for a
// callback check's requests, callback_timeout for /complete), 60 s when the
// integration declares none. A call that fails before any answer arrives
// (the connection refused or reset, the timeout passed) is retried with
// exponential back-off and jitter; the check id stays the same, so an
// integration can recognise a repeat. An HTTP answer is never retried: a
// non-2xx status or a body that is not what the protocol says ends the
// call with a CallError naming what was wrong.
//
// # Results
//
// Answers map onto kyc.CheckOutcome (Mapping.Outcome): identity matches
// into electronic_id_check with the result 2+2, 1+1 or Fail; documents
// with their verification_result and extracted_data; company metadata and
// associates into CompanyData; custom decisions into the 4.0 check's
// result; screening hits into sanctions_results and one kyc.Hit per flag.
// An integration error {type, sub_type, message, data} becomes a 4.0
// check error (Error.CheckError) and the result Error.
//
// Secrets (the shared key and provider credentials) are configured by
// reference, "env:NAME" or "file:/path" (Resolver), and never logged or
// put in an error.
package integration
