package passfort

// document is a Document: a set of images of one identity or company
// document, and what was read from and concluded about it.
var document = closedObject(fields{
	"id":                  pattern(uuid),
	"category":            documentCategory,
	"document_type":       documentType,
	"images":              arrayOf(documentImage),
	"extracted_data":      documentData,
	"verification_result": documentResult,
}, "category", "document_type", "images")

var documentCategory = enum(
	"PROOF_OF_IDENTITY", "PROOF_OF_SOURCE_OF_WEALTH", "PROOF_OF_SOURCE_OF_FUNDS",
	"PROOF_OF_ADDRESS", "SUPPORTING", "COMPANY_FILING", "DATA_SUMMARY",
	"PROOF_OF_BANK_ACCOUNT", "PROOF_OF_TAX_STATUS",
)

var documentType = enum(
	"PASSPORT", "DRIVING_LICENCE", "STATE_ID", "VOTER_ID", "BIRTH_CERTIFICATE",
	"BANK_STATEMENT", "FACE_IMAGE", "UNKNOWN", "COMPANY_ACCOUNTS",
	"COMPANY_CHANGE_OF_ADDRESS", "ANNUAL_RETURN", "CONFIRMATION_STATEMENT",
	"STATEMENT_OF_CAPITAL", "CHANGE_OF_NAME", "INCORPORATION", "LIQUIDATION",
	"MISCELLANEOUS", "MORTGAGE", "CHANGE_OF_OFFICERS", "RESOLUTION",
	"CREDIT_REPORT", "CREDIT_CHECK", "REGISTER_REPORT", "REGISTER_CHECK",
	"DATA_SUMMARY", "CHANGE_OF_PSC", "ADVERSE_MEDIA", "TAX",
)

// documentImage is a DocumentImageResource. The contract's anyOf over data,
// encrypted_data and decrypted_data ends with an empty alternative, which
// would leave data and encrypted_data unchecked; we check them as declared.
var documentImage = object(fields{
	"id":                pattern(uuid),
	"image_type":        enum("FRONT", "BACK", "FACE"),
	"upload_date":       pattern(dateTime),
	"document_type":     documentType,
	"document_category": documentCategory,
	"data":              pattern(base64Data),
	"encrypted_data":    {kind: objectKind},
})

var documentData = object(fields{
	"issuer":           text,
	"issuing_country":  pattern(icaoCode),
	"number":           text,
	"issued":           pattern(fullDate),
	"expiry":           pattern(fullDate),
	"personal_details": personalDetails,
	"address_history":  addressHistory,
	"mrz1":             text,
	"mrz2":             text,
	"mrz3":             text,
	"result":           documentResult,
	"external_service": text,
	"external_ref":     text,
})

// documentResult is a DocumentResult. The contract gives it no type, so only
// an object's members are checked.
var documentResult = &schema{kind: anyKind, props: fields{
	"provider_name":         text,
	"image_checks_passed":   boolean,
	"image_checks":          arrayOf(documentCheck),
	"document_type_passed":  boolean,
	"forgery_checks_passed": boolean,
	"forgery_checks":        arrayOf(documentCheck),
	"field_checks": arrayOf(object(fields{
		"field": enum(
			"FIELD_GIVEN_NAMES", "FIELD_FAMILY_NAME", "FIELD_DOB", "FIELD_NATIONALITY",
			"FIELD_EXPIRY", "FIELD_NUMBER", "FIELD_GENDER", "FIELD_ISSUED",
			"FIELD_ADDRESS", "FIELD_ISSUING_COUNTRY", "FIELD_MRZ",
		),
		"result": enum("CHECK_UNCERTAIN", "CHECK_INVALID", "CHECK_VALID"),
	})),
	"all_passed":   boolean,
	"error_reason": text,
}}

var documentCheck = object(fields{
	"category": text,
	"type":     text,
	"result":   enum("PASS", "FAIL", "PARTIAL", "WARN", "ERROR"),
})
