/* suite.c: the RFC 7285 suite, one row per wire-testable requirement, in
 * section order.  Reading this table is reading the RFC's requirements
 * with the id that tests each; scenarios/conformance/rfc7285-requirements.yaml
 * lists every requirement of the RFC (testable or not) against these ids
 * and `altospec conform --list --coverage` prints the two side by side.
 *
 * Levels: a MUST / MUST NOT row fails; a SHOULD row warns (fails under
 * --strict).  `needs` names the services the row judges; when the IRD does
 * not advertise them the row is UNSUPPORTED, with that reason.  A row is
 * either a run function (.run, r7285_<name> in the s<section>_*.c file of
 * its section) or, when the case is only a request and an expected
 * answer, a data row (.expect, evaluated by conf_data_run). */
#include "rfc7285.h"

#define POST CONF_NEED_POST

static const conf_case rfc7285_cases[] = {
    {.id = "rfc7285/6.1.2.2/ordinal-integers", .section = "6.1.2.2", .level = CONF_MUST,
     .title = "ordinal costs are non-negative integers",
     .requirement = "This mode indicates that the cost values in a cost map represent ranking (relative to all "
     "other values in a cost map), not actual costs.  The values are non-negative integers, with a "
     "lower value indicating a higher preference.",
     .needs = 0, .run = r7285_ordinal_integers},
    {.id = "rfc7285/6.1.2.2/ordinal-full-map", .section = "6.1.2.2", .level = CONF_MUST,
     .title = "an ordinal cost map ranks the numerical map of its metric across the whole map",
     .requirement = "This mode indicates that the cost values in a cost map represent ranking (relative to all "
     "other values in a cost map), not actual costs.  The values are non-negative integers, with a "
     "lower value indicating a higher preference.  [6.2] If the cost mode is ordinal, the path cost of "
     "each communicating pair is relative to the m*n entries.",
     .needs = CONF_NEED_COSTMAP, .run = r7285_ordinal_full_map},
    {.id = "rfc7285/6.1.2.2/ordinal-filtered-map", .section = "6.1.2.2", .level = CONF_MUST,
     .title = "an ordinal filtered cost map ranks the numerical one for the same PIDs",
     .requirement = "This mode indicates that the cost values in a cost map represent ranking (relative to all "
     "other values in a cost map), not actual costs.  The values are non-negative integers, with a "
     "lower value indicating a higher preference.  [6.2] If the cost mode is ordinal, the path cost of "
     "each communicating pair is relative to the m*n entries.",
     .needs = CONF_NEED_FCOSTMAP, .run = r7285_ordinal_filtered_map},
    {.id = "rfc7285/6.1.2.2/ordinal-ecs", .section = "6.1.2.2", .level = CONF_MUST,
     .title = "ordinal endpoint costs rank the numerical ones across all m*n entries",
     .requirement = "This mode indicates that the cost values in a cost map represent ranking (relative to all "
     "other values in a cost map), not actual costs.  The values are non-negative integers, with a "
     "lower value indicating a higher preference.  [6.2] If the cost mode is ordinal, the path cost of "
     "each communicating pair is relative to the m*n entries."  "  [11.5] In particular, this service allows lists of endpoint prefixes (and addresses, as a "
     "special case) to be ranked (ordered) by an ALTO server.",
     .needs = CONF_NEED_ECS, .run = r7285_ordinal_ecs},
    {.id = "rfc7285/8.3.3/content-type", .section = "8.3.3", .level = CONF_MUST,
     .title = "every response names its media type in Content-Type",
     .requirement = "The ALTO server MUST indicate the type of its response using a media type (i.e., the "
     "Content-Type HTTP header of the response).",
     .needs = 0, .run = r7285_content_type},
    {.id = "rfc7285/8.3.7/unknown-fields-ignored", .section = "8.3.7", .level = CONF_MUST,
     .title = "unknown request members are ignored",
     .requirement = "Extensions may include additional fields within JSON objects defined in this document.  ALTO "
     "implementations MUST ignore unknown fields when processing ALTO messages.",
     .needs = POST, .run = r7285_unknown_fields_ignored},
    {.id = "rfc7285/8.4/json-encoding", .section = "8.4", .level = CONF_MUST,
     .title = "responses are JSON objects with a meta object",
     .requirement = "this document defines the base type of each ALTO server response as ResponseEntityBase: "
     "object { ResponseMeta meta; } ResponseEntityBase;",
     .needs = 0, .run = r7285_json_encoding},
    {.id = "rfc7285/8.5/error-status", .section = "8.5", .level = CONF_MUST,
     .title = "errors carry a 4xx HTTP status",
     .requirement = "With or without additional ALTO-layer error information, an ALTO server MUST set an "
     "appropriate HTTP status code.",
     .needs = POST, .run = r7285_error_status},
    {.id = "rfc7285/8.5.1/error-media-type", .section = "8.5.1", .level = CONF_MUST,
     .title = "error bodies are application/alto-error+json",
     .requirement = "The media type for an ALTO error response is \"application/alto-error+json\".",
     .needs = POST, .run = r7285_error_media_type},
    {.id = "rfc7285/8.5.2/e-syntax", .section = "8.5.2", .level = CONF_MUST,
     .title = "a malformed JSON body gives E_SYNTAX",
     .requirement = "If an ALTO server encounters an error while processing a request, the ALTO server SHOULD return "
     "additional ALTO-layer information, if it is available, in the form of an ALTO error resource "
     "encoded in the HTTP response' entity body.  If no ALTO-layer information is available, an ALTO "
     "server may omit the ALTO error resource from the response.  [8.5.2] "
     "An ALTO error response MUST include a field named \"code\" in the \"meta\" field of the "
     "response.  The value MUST be an ALTO error code, encoded in string, defined in Table 1.  "
     "[Table 1: E_SYNTAX: Parsing error in request (including identifiers)]",
     .needs = POST, .run = r7285_e_syntax},
    {.id = "rfc7285/8.5.2/e-missing-field", .section = "8.5.2", .level = CONF_MUST,
     .title = "a missing required member gives E_MISSING_FIELD",
     .requirement = "If an ALTO server encounters an error while processing a request, the ALTO server SHOULD return "
     "additional ALTO-layer information, if it is available, in the form of an ALTO error resource "
     "encoded in the HTTP response' entity body.  If no ALTO-layer information is available, an ALTO "
     "server may omit the ALTO error resource from the response.  [8.5.2] "
     "The value MUST be an ALTO error code, encoded in string, defined in Table 1.  "
     "[Table 1: E_MISSING_FIELD: A required JSON field is missing]",
     .needs = POST, .run = r7285_e_missing_field},
    {.id = "rfc7285/8.5.2/e-invalid-field-type", .section = "8.5.2", .level = CONF_MUST,
     .title = "a member of the wrong JSON type gives E_INVALID_FIELD_TYPE",
     .requirement = "If an ALTO server encounters an error while processing a request, the ALTO server SHOULD return "
     "additional ALTO-layer information, if it is available, in the form of an ALTO error resource "
     "encoded in the HTTP response' entity body.  If no ALTO-layer information is available, an ALTO "
     "server may omit the ALTO error resource from the response.  [8.5.2] "
     "The value MUST be an ALTO error code, encoded in string, defined in Table 1.  "
     "[Table 1: E_INVALID_FIELD_TYPE: The type of the value of a JSON field is invalid]",
     .needs = POST, .run = r7285_e_invalid_field_type},
    {.id = "rfc7285/8.5.2/e-invalid-field-value", .section = "8.5.2", .level = CONF_MUST,
     .title = "an invalid value (bad cost mode, unsupported property, non-string array element) gives E_INVALID_FIELD_VALUE",
     .requirement = "If an ALTO server encounters an error while processing a request, the ALTO server SHOULD return "
     "additional ALTO-layer information, if it is available, in the form of an ALTO error resource "
     "encoded in the HTTP response' entity body.  If no ALTO-layer information is available, an ALTO "
     "server may omit the ALTO error resource from the response.  [8.5.2] "
     "The value MUST be an ALTO error code, encoded in string, defined in Table 1.  [Table 1: "
     "E_INVALID_FIELD_VALUE: The value of a JSON field is invalid]  An array element of the wrong "
     "type (e.g., a number in what is supposed to be an array of strings) is an invalid value "
     "error, not an invalid type error.",
     .needs = POST, .run = r7285_e_invalid_field_value},
    {.id = "rfc7285/8.5.2/error-meta", .section = "8.5.2", .level = CONF_MUST,
     .title = "error meta: a registered code; \"value\" only with \"field\", as a string",
     .requirement = "An ALTO error response MUST include a field named \"code\" in the \"meta\" field of the "
     "response. [...] If the \"value\" field is specified, the \"field\" field MUST be specified.  "
     "The \"value\" field MUST have a JSONString value.",
     .needs = POST, .run = r7285_error_meta},
    {.id = "rfc7285/8.5.2/field-value", .section = "8.5.2", .level = CONF_SHOULD,
     .title = "an error's \"field\" (and \"value\") name the offending member",
     .requirement = "For an E_MISSING_FIELD error, the server may include an optional field named \"field\" in the \"meta\" "
     "field of the error response, to indicate the missing field.  [...] If the invalid value is a subfield, the "
     "server must set the \"field\" key to the full path of the field name and \"value\" to the invalid "
     "subfield value, converting it to a string if needed.  [...] If an element of a JSON array has an invalid "
     "value, the server sets \"value\" to the value of the invalid element, as a string, and \"field\" to the "
     "name of the array.",
     .needs = POST, .run = r7285_field_value},
    {.id = "rfc7285/9.1.1/unique-resource-ids", .section = "9.1.1", .level = CONF_MUST,
     .title = "resource ids are unique in the IRD closure",
     .requirement = "Each information resource that an ALTO client can request MUST be assigned a resource ID "
     "attribute that is unique amongst all information resources in the information resource "
     "closure of the client.",
     .needs = 0, .run = r7285_unique_resource_ids},
    {.id = "rfc7285/9.2/ird-get", .section = "9.2", .level = CONF_MUST,
     .title = "the IRD is available via GET as a JSON object",
     .requirement = "An ALTO server MUST make one information resource directory available via the HTTP GET "
     "method to a URI discoverable by an ALTO client.",
     .needs = 0, .run = r7285_ird_get},
    {.id = "rfc7285/9.2.1/media-type", .section = "9.2.1", .level = CONF_MUST,
     .title = "IRDs are application/alto-directory+json",
     .requirement = "The media type to indicate an information resource directory is "
     "\"application/alto-directory+json\".",
     .needs = 0, .run = r7285_ird_media_type},
    {.id = "rfc7285/9.2.2/resource-entries", .section = "9.2.2", .level = CONF_MUST,
     .title = "each resource entry has uri and media-type strings; accepts, capabilities, uses well-typed",
     .requirement = "object { JSONString uri; JSONString media-type; [JSONString accepts;] [Capabilities "
     "capabilities;] [ResourceID uses<0..*>;] } IRDResourceEntry;",
     .needs = 0, .run = r7285_resource_entries},
    {.id = "rfc7285/9.2.2/default-network-map", .section = "9.2.2", .level = CONF_MUST,
     .title = "root IRD meta names a GET network map as default-alto-network-map",
     .requirement = "For a Root IRD, \"meta\" MUST include a field named \"default-alto-network-map\", which value "
     "specifies the resource ID of an ALTO network map.",
     .needs = 0, .run = r7285_default_network_map},
    {.id = "rfc7285/9.2.2/relative-uris", .section = "9.2.2", .level = CONF_MUST,
     .title = "resource URIs resolve against the IRD URI to http(s) URIs",
     .requirement = "URIs can be relative to the URI of the IRD and MUST be resolved according to Section 5 of "
     "[RFC3986].",
     .needs = 0, .run = r7285_relative_uris},
    {.id = "rfc7285/9.2.2/uses-defined", .section = "9.2.2", .level = CONF_MUST,
     .title = "every id in \"uses\" is a resource of the IRD",
     .requirement = "uses: A list of resource IDs, defined in the same IRD, that define the resources on which "
     "this resource directly depends.",
     .needs = 0, .run = r7285_uses_defined},
    {.id = "rfc7285/9.2.2/get-resources", .section = "9.2.2", .level = CONF_MUST,
     .title = "entries without accepts answer GET",
     .requirement = "If an entry has an empty list for \"accepts\", then the corresponding URI MUST support GET "
     "requests.",
     .needs = 0, .run = r7285_get_resources},
    {.id = "rfc7285/9.2.2/get-post-entries", .section = "9.2.2", .level = CONF_MUST,
     .title = "a URI answering both GET and POST has an IRD entry for each",
     .requirement = "If an entry has an empty list for \"accepts\", then the corresponding URI MUST support GET requests.  If "
     "an entry has a non-empty \"accepts\", then the corresponding URI MUST support POST requests.  If an ALTO "
     "server wishes to support both GET and POST on a single URI, it MUST specify two entries in the "
     "information resource directory.",
     .needs = 0, .run = r7285_get_post_entries},
    {.id = "rfc7285/9.2.2/uses-network-map", .section = "9.2.2", .level = CONF_SHOULD,
     .title = "cost maps and filtered maps list their network map in uses",
     .requirement = "An ALTO server SHOULD include in this list any resources that the ALTO client would need to "
     "retrieve in order to interpret the contents of this resource.  For example, an ALTO cost map "
     "resource should include in this list the network map on which it depends.",
     .needs = 0, .run = r7285_uses_network_map},
    {.id = "rfc7285/9.2.2/delegated-ird", .section = "9.2.2", .level = CONF_MUST,
     .title = "delegated IRDs answer as IRDs",
     .requirement = "A value of \"application/alto-directory+json\" indicates that the response for a request to "
     "the URI will be an information resource directory defining additional information resources "
     "in the information resource closure.",
     .needs = CONF_NEED_DELEGATED, .run = r7285_delegated_ird},
    {.id = "rfc7285/10.1/pid-names", .section = "10.1", .level = CONF_MUST,
     .title = "PID names: <= 64 characters of [A-Za-z0-9-:@_], no '.'",
     .requirement = "The string MUST be no more than 64 characters, and it MUST NOT contain characters other than "
     "US-ASCII alphanumeric characters [...], the hyphen ('-', U+002D), the colon (':', U+003A), "
     "the at sign ('@', code point U+0040), the low line ('_', U+005F), or the '.' separator "
     "(U+002E).  The '.' separator is reserved for future use and MUST NOT be used unless "
     "specifically indicated in this document, or an extension document.",
     .needs = CONF_NEED_NETMAP, .run = r7285_pid_names},
    {.id = "rfc7285/10.2/resource-ids", .section = "10.2", .level = CONF_MUST,
     .title = "resource ids have the PIDName syntax",
     .requirement = "A resource ID is encoded as a JSON string with the same format as that of the type PIDName.",
     .needs = 0, .run = r7285_resource_ids},
    {.id = "rfc7285/10.3/vtag-tag", .section = "10.3", .level = CONF_MUST,
     .title = "vtag tags: <= 64 characters in U+0021..U+007E",
     .requirement = "A string representing the \"tag\" field MUST be no more than 64 characters, and it MUST NOT "
     "contain any character below U+0021 or above U+007E.",
     .needs = CONF_NEED_NETMAP, .run = r7285_vtag_tag},
    {.id = "rfc7285/10.4.2/registered-address-types", .section = "10.4.2", .level = CONF_MUST,
     .title = "only registered address types (ipv4, ipv6)",
     .requirement = "All AddressType identifiers appearing in an HTTP request or response with an "
     "\"application/alto-*\" media type MUST be registered in the \"ALTO Address Type Registry\" (see Section "
     "14.4).",
     .needs = CONF_NEED_NETMAP, .run = r7285_registered_address_types},
    {.id = "rfc7285/10.4.4/prefixes", .section = "10.4.4", .level = CONF_MUST,
     .title = "prefixes are CIDR (RFC 4632) / RFC 5952 prefixes of their family",
     .requirement = "IPv4 endpoint prefixes are encoded as specified in Section 3.1 of [RFC4632].  [...]  IPv6 "
     "endpoint prefixes are encoded as specified in Section 7 of [RFC5952].",
     .needs = CONF_NEED_NETMAP, .run = r7285_prefixes},
    {.id = "rfc7285/10.7/cost-types", .section = "10.7", .level = CONF_MUST,
     .title = "IRD cost types: valid cost-metric and cost-mode, string description",
     .requirement = "object { CostMetric cost-metric; CostMode cost-mode; [JSONString description;] } CostType;  "
     "[10.5, as updated by RFC 9274] The string MUST be no more than 32 characters [...]  the cost "
     "mode MUST have a value that is listed in the registry [numerical, ordinal, array].  [10.6] The "
     "string MUST be no more than 32 characters [...]  The \"description\" field, if present, MUST "
     "provide a string value",
     .needs = 0, .run = r7285_ird_cost_types},
    {.id = "rfc7285/10.8.2/property-names", .section = "10.8.2", .level = CONF_MUST,
     .title = "endpoint property names: <= 32 characters of [A-Za-z0-9-:_], \"priv:\" alone invalid",
     .requirement = "The string MUST be no more than 32 characters, and it MUST NOT contain characters other than US-ASCII "
     "alphanumeric characters [...] the hyphen ('-', U+002D), the colon (':', U+003A), or the low line ('_', "
     "U+005F).  [...] For an endpoint property identifier with the \"priv:\" prefix, an additional string "
     "(e.g., company identifier or random string) MUST follow (i.e., \"priv:\" only is not a valid endpoint "
     "property identifier) to reduce potential collisions.  [10.8.1] The name of resource-specific endpoint "
     "property MUST follow this format: a resource ID, followed by the '.' separator (U+002E), followed by a "
     "name obeying the same rules as for global endpoint property names (Section 10.8.2).",
     .needs = CONF_NEED_EPROP, .run = r7285_property_names},
    {.id = "rfc7285/11.2.1/network-map-provided", .section = "11.2.1", .level = CONF_MUST,
     .title = "at least one network map",
     .requirement = "An ALTO server MUST provide at least one network map.",
     .needs = 0, .run = r7285_network_map_provided},
    {.id = "rfc7285/11.2.1.1/media-type", .section = "11.2.1.1", .level = CONF_MUST,
     .title = "network maps are application/alto-networkmap+json",
     .requirement = "The media type of ALTO network maps is \"application/alto-networkmap+json\".",
     .needs = CONF_NEED_NETMAP,
     .expect = &(const conf_want){.svc = CONF_SVC_NETMAP, .media = M_NETMAP}},
    {.id = "rfc7285/11.2.1.6/vtag", .section = "11.2.1.6", .level = CONF_MUST,
     .title = "network map meta has a vtag {resource-id, tag}",
     .requirement = "The \"meta\" field of an ALTO network map response MUST include the \"vtag\" field, which "
     "provides the version tag of the retrieved network map.",
     .needs = CONF_NEED_NETMAP, .run = r7285_netmap_vtag},
    {.id = "rfc7285/11.2.1.6/vtag-resource-id", .section = "11.2.1.6", .level = CONF_MUST,
     .title = "the vtag's resource-id is the map's id in the IRD",
     .requirement = "the \"resource-id\" field provides the resource ID of a resource (e.g., a network map) "
     "defined in the information resource directory",
     .needs = CONF_NEED_NETMAP, .run = r7285_vtag_resource_id},
    {.id = "rfc7285/11.2.2/completeness", .section = "11.2.2", .level = CONF_MUST,
     .title = "every address of each family in the map belongs to a PID",
     .requirement = "First, such a network map MUST define a PID for each possible address in the IP address "
     "space for all of the address types contained in the map.",
     .needs = CONF_NEED_NETMAP, .run = r7285_completeness},
    {.id = "rfc7285/11.2.2/non-overlapping", .section = "11.2.2", .level = CONF_MUST_NOT,
     .title = "no identical prefix in two PIDs",
     .requirement = "Second, such a network map MUST NOT define two or more PIDs that contain an identical IP "
     "prefix",
     .needs = CONF_NEED_NETMAP, .run = r7285_non_overlapping},
    {.id = "rfc7285/11.2.2/pid-lpm", .section = "11.2.2", .level = CONF_MUST,
     .title = "the endpoint \"pid\" property is the longest-prefix match on the network map",
     .requirement = "when either an ALTO client or an ALTO server needs to compute the mapping from IP addresses "
     "to PIDs, the longest-prefix matching algorithm (Longest Match in Section 5.2.4.3 of "
     "[RFC1812]) MUST be used.",
     .needs = CONF_NEED_EPROP | CONF_NEED_NETMAP, .run = r7285_pid_lpm},
    {.id = "rfc7285/11.2.3/routingcost", .section = "11.2.3", .level = CONF_MUST,
     .title = "a cost map for the routingcost metric",
     .requirement = "This resource MUST be provided for at least the \"routingcost\" cost metric.",
     .needs = 0, .run = r7285_routingcost},
    {.id = "rfc7285/11.2.3.1/media-type", .section = "11.2.3.1", .level = CONF_MUST,
     .title = "cost maps are application/alto-costmap+json",
     .requirement = "The media type of ALTO cost maps is \"application/alto-costmap+json\".",
     .needs = CONF_NEED_COSTMAP,
     .expect = &(const conf_want){.svc = CONF_SVC_COSTMAP, .media = M_COSTMAP}},
    {.id = "rfc7285/11.2.3.4/cost-type-names-defined", .section = "11.2.3.4", .level = CONF_MUST,
     .title = "cost-type-names are defined in the IRD's meta.cost-types",
     .requirement = "the array MUST include a single CostType name defined by the \"cost-types\" field in the "
     "\"meta\" field of the IRD.",
     .needs = 0, .run = r7285_cost_type_names_defined},
    {.id = "rfc7285/11.2.3.4/single-cost-type", .section = "11.2.3.4", .level = CONF_MUST,
     .title = "a GET cost map names exactly one cost type",
     .requirement = "object { JSONString cost-type-names<1..1>; } CostMapCapabilities;  [...] Note that the array "
     "MUST include a single CostType name",
     .needs = CONF_NEED_COSTMAP, .run = r7285_single_cost_type},
    {.id = "rfc7285/11.2.3.5/unique-key", .section = "11.2.3.5", .level = CONF_MUST_NOT,
     .title = "no two cost maps with the same cost type and network map",
     .requirement = "an ALTO server MUST NOT define two cost maps with the same cost type / network map pair.",
     .needs = CONF_NEED_COSTMAP, .run = r7285_unique_key},
    {.id = "rfc7285/11.2.3.6/dependent-vtags", .section = "11.2.3.6", .level = CONF_MUST,
     .title = "dependent-vtags is the single vtag of the network map in uses",
     .requirement = "The \"meta\" field of a cost map response MUST include the \"dependent-vtags\" field, whose "
     "value is a single-element array to indicate the version tag of the network map used, where "
     "the network map is specified in \"uses\" of the IRD.",
     .needs = CONF_NEED_COSTMAP, .run = r7285_costmap_dependent_vtags},
    {.id = "rfc7285/11.2.3.6/cost-type", .section = "11.2.3.6", .level = CONF_MUST,
     .title = "meta.cost-type is the IRD's cost type of the map",
     .requirement = "The \"meta\" MUST also include the \"cost-type\" field, whose value indicates the cost type "
     "(Section 10.7) of the cost map.",
     .needs = CONF_NEED_COSTMAP, .run = r7285_costmap_cost_type},
    {.id = "rfc7285/11.2.3.6/pids-defined", .section = "11.2.3.6", .level = CONF_MUST,
     .title = "every source and destination is a PID of the network map",
     .requirement = "An ALTO cost map resource lists the path cost for each pair of source/destination PIDs "
     "defined by the ALTO server [...] The returned network map MUST include all PIDs known to the "
     "ALTO server.",
     .needs = CONF_NEED_COSTMAP | CONF_NEED_NETMAP, .run = r7285_pids_defined},
    {.id = "rfc7285/11.2.3.6/numbers", .section = "11.2.3.6", .level = CONF_MUST,
     .title = "cost values are JSON numbers",
     .requirement = "An implementation of the protocol in this document SHOULD assume that the cost is a "
     "JSONNumber and fail to parse if it is not [...]  [6.1.2.1] The values are floating-point "
     "numbers.",
     .needs = CONF_NEED_COSTMAP, .run = r7285_numbers},
    {.id = "rfc7285/11.3.1.1/media-type", .section = "11.3.1.1", .level = CONF_MUST,
     .title = "filtered network maps are application/alto-networkmap+json",
     .requirement = "Since a filtered ALTO network map is still an ALTO network map, it uses the media type "
     "defined for ALTO network maps",
     .needs = CONF_NEED_FNETMAP,
     .expect = &(const conf_want){.svc = CONF_SVC_FNETMAP, .body = r7_fnm_req_all, .media = M_NETMAP}},
    {.id = "rfc7285/11.3.1.3/empty-pids", .section = "11.3.1.3", .level = CONF_MUST,
     .title = "an empty pids list means all PIDs",
     .requirement = "If the list of PIDs is empty, the ALTO server MUST interpret the list as if it contained a "
     "list of all currently defined PIDs.",
     .needs = CONF_NEED_FNETMAP, .run = r7285_fnm_empty_pids},
    {.id = "rfc7285/11.3.1.3/duplicate-pids", .section = "11.3.1.3", .level = CONF_MUST,
     .title = "duplicated PIDs count once",
     .requirement = "The ALTO server MUST interpret entries appearing multiple times as if they appeared only once.",
     .needs = CONF_NEED_FNETMAP, .run = r7285_fnm_duplicate_pids},
    {.id = "rfc7285/11.3.1.3/empty-address-types", .section = "11.3.1.3", .level = CONF_MUST,
     .title = "an empty address-types list means all types",
     .requirement = "If the \"address-types\" field is not specified, or the list of address types is empty, the "
     "ALTO server MUST interpret the list as if it contained a list of all address types known to "
     "the ALTO server.",
     .needs = CONF_NEED_FNETMAP, .run = r7285_empty_address_types},
    {.id = "rfc7285/11.3.1.3/duplicate-address-types", .section = "11.3.1.3", .level = CONF_MUST,
     .title = "duplicated address types count once",
     .requirement = "address-types:  Specifies a list of address types to be included in the returned filtered network map.  "
     "[...] The ALTO server MUST interpret entries appearing multiple times as if they appeared only once.",
     .needs = CONF_NEED_FNETMAP, .run = r7285_duplicate_address_types},
    {.id = "rfc7285/11.3.1.6/only-requested-pids", .section = "11.3.1.6", .level = CONF_MUST,
     .title = "only the requested PIDs are returned",
     .requirement = "The ALTO server MUST only include PIDs in the response that were specified (implicitly or "
     "explicitly) in the request.",
     .needs = CONF_NEED_FNETMAP, .run = r7285_only_requested_pids},
    {.id = "rfc7285/11.3.1.6/unknown-pids", .section = "11.3.1.6", .level = CONF_MUST,
     .title = "undefined PIDs in the request are ignored",
     .requirement = "If the input parameters contain a PID name that is not currently defined by the ALTO server, "
     "the ALTO server MUST behave as if the PID did not appear in the input parameters.",
     .needs = CONF_NEED_FNETMAP, .run = r7285_fnm_unknown_pids},
    {.id = "rfc7285/11.3.1.6/address-types", .section = "11.3.1.6", .level = CONF_MUST,
     .title = "only addresses of the requested types are returned",
     .requirement = "the ALTO server MUST only enumerate addresses within each PID that have types specified "
     "(implicitly or explicitly) in the request.",
     .needs = CONF_NEED_FNETMAP, .run = r7285_address_types},
    {.id = "rfc7285/11.3.1.6/unknown-address-types", .section = "11.3.1.6", .level = CONF_MUST,
     .title = "unknown address types in the request are ignored",
     .requirement = "If the input parameters contain an address type that is not currently known to the ALTO "
     "server, the ALTO server MUST behave as if the address type did not appear in the input "
     "parameters.",
     .needs = CONF_NEED_FNETMAP, .run = r7285_unknown_address_types},
    {.id = "rfc7285/11.3.1.6/vtag", .section = "11.3.1.6", .level = CONF_MUST,
     .title = "the vtag is the full network map's vtag",
     .requirement = "The version tag included in the \"vtag\" field of the response MUST correspond to the full "
     "(unfiltered) network map information resource from which the filtered information is "
     "provided.",
     .needs = CONF_NEED_FNETMAP, .run = r7285_fnm_vtag},
    {.id = "rfc7285/11.3.1.6/agrees-with-full-map", .section = "11.3.1.6", .level = CONF_MUST,
     .title = "filtered PIDs have the full map's prefixes",
     .requirement = "The format is the same as unfiltered network maps. [...] the ALTO server MUST only enumerate "
     "addresses within each PID that have types specified",
     .needs = CONF_NEED_FNETMAP, .run = r7285_fnm_agrees_with_full_map},
    {.id = "rfc7285/11.3.2.1/media-type", .section = "11.3.2.1", .level = CONF_MUST,
     .title = "filtered cost maps are application/alto-costmap+json",
     .requirement = "Since a filtered ALTO cost map is still an ALTO cost map, it uses the media type defined for "
     "ALTO cost maps",
     .needs = CONF_NEED_FCOSTMAP,
     .expect = &(const conf_want){.svc = CONF_SVC_FCOSTMAP, .body = r7_fcm_req_full, .media = M_COSTMAP}},
    {.id = "rfc7285/11.3.2.3/cost-types", .section = "11.3.2.3", .level = CONF_MUST,
     .title = "every advertised cost type is accepted and echoed in meta.cost-type",
     .requirement = "The \"cost-metric\" and \"cost-mode\" fields MUST match one of the supported cost types "
     "indicated in this resource's \"capabilities\" field",
     .needs = CONF_NEED_FCOSTMAP, .run = r7285_fcm_cost_types},
    {.id = "rfc7285/11.3.2.3/description-ignored", .section = "11.3.2.3", .level = CONF_MUST,
     .title = "a description in the requested cost type is ignored",
     .requirement = "The ALTO client SHOULD omit the \"description\" field, and if present, the ALTO server MUST "
     "ignore the \"description\" field.",
     .needs = CONF_NEED_FCOSTMAP, .run = r7285_fcm_description_ignored},
    {.id = "rfc7285/11.3.2.3/constraint-gt", .section = "11.3.2.3", .level = CONF_MUST,
     .title = "constraint \"gt\" honoured",
     .requirement = "A constraint contains two entities separated by whitespace: (1) an operator, \"gt\" for "
     "greater than [...] [11.3.2.6] If any constraints are specified, source/destination pairs for "
     "which the path costs do not meet the constraints MUST NOT be included in the returned cost map.",
     .needs = CONF_NEED_FCOST_CONSTR, .run = r7285_constraint_gt},
    {.id = "rfc7285/11.3.2.3/constraint-lt", .section = "11.3.2.3", .level = CONF_MUST,
     .title = "constraint \"lt\" honoured",
     .requirement = "\"lt\" for less than [...] pairs for which the path costs do not meet the constraints MUST "
     "NOT be included in the returned cost map.",
     .needs = CONF_NEED_FCOST_CONSTR, .run = r7285_constraint_lt},
    {.id = "rfc7285/11.3.2.3/constraint-ge", .section = "11.3.2.3", .level = CONF_MUST,
     .title = "constraint \"ge\" honoured",
     .requirement = "\"ge\" for greater than or equal to [...] pairs for which the path costs do not meet the "
     "constraints MUST NOT be included in the returned cost map.",
     .needs = CONF_NEED_FCOST_CONSTR, .run = r7285_constraint_ge},
    {.id = "rfc7285/11.3.2.3/constraint-le", .section = "11.3.2.3", .level = CONF_MUST,
     .title = "constraint \"le\" honoured",
     .requirement = "\"le\" for less than or equal to [...] pairs for which the path costs do not meet the "
     "constraints MUST NOT be included in the returned cost map.",
     .needs = CONF_NEED_FCOST_CONSTR, .run = r7285_constraint_le},
    {.id = "rfc7285/11.3.2.3/constraint-eq", .section = "11.3.2.3", .level = CONF_MUST,
     .title = "constraint \"eq\" honoured",
     .requirement = "\"eq\" for equal to [...] pairs for which the path costs do not meet the constraints MUST "
     "NOT be included in the returned cost map.",
     .needs = CONF_NEED_FCOST_CONSTR, .run = r7285_constraint_eq},
    {.id = "rfc7285/11.3.2.3/constraints-and", .section = "11.3.2.3", .level = CONF_MUST,
     .title = "several constraints combine with AND",
     .requirement = "If multiple \"constraint\" parameters are specified, they are interpreted as being related to "
     "each other with a logical AND.",
     .needs = CONF_NEED_FCOST_CONSTR, .run = r7285_constraints_and},
    {.id = "rfc7285/11.3.2.3/empty-pids", .section = "11.3.2.3", .level = CONF_MUST,
     .title = "empty srcs/dsts mean all PIDs",
     .requirement = "If a list is empty, the ALTO server MUST interpret it as the full set of currently defined PIDs.",
     .needs = CONF_NEED_FCOSTMAP, .run = r7285_fcm_empty_pids},
    {.id = "rfc7285/11.3.2.3/absent-pids", .section = "11.3.2.3", .level = CONF_MUST,
     .title = "no pids member means all PIDs",
     .requirement = "If the \"pids\" field is not present, both lists MUST be interpreted by the ALTO server as "
     "containing the full set of currently defined PIDs.",
     .needs = CONF_NEED_FCOSTMAP, .run = r7285_absent_pids},
    {.id = "rfc7285/11.3.2.3/duplicate-pids", .section = "11.3.2.3", .level = CONF_MUST,
     .title = "duplicated PIDs count once",
     .requirement = "The ALTO server MUST interpret entries appearing in a list multiple times as if they appeared "
     "only once.",
     .needs = CONF_NEED_FCOSTMAP, .run = r7285_fcm_duplicate_pids},
    {.id = "rfc7285/11.3.2.4/capabilities", .section = "11.3.2.4", .level = CONF_MUST,
     .title = "capabilities are well-typed (cost-type-names, cost-constraints, prop-types)",
     .requirement = "object { JSONString cost-type-names<1..*>; JSONBool cost-constraints; } "
     "FilteredCostMapCapabilities;  [11.4.1.4] object { EndpointPropertyType prop-types<1..*>; } "
     "EndpointPropertyCapabilities;",
     .needs = 0, .run = r7285_capabilities},
    {.id = "rfc7285/11.3.2.6/dependent-vtags", .section = "11.3.2.6", .level = CONF_MUST,
     .title = "dependent-vtags is the single vtag of the network map",
     .requirement = "The \"dependent-vtags\" field in the \"meta\" field provides an array consisting of a single "
     "element, which is the version tag of the network map used in filtering.",
     .needs = CONF_NEED_FCOSTMAP, .run = r7285_fcm_dependent_vtags},
    {.id = "rfc7285/11.3.2.6/only-requested-pairs", .section = "11.3.2.6", .level = CONF_MUST,
     .title = "only requested source/destination pairs are returned",
     .requirement = "The returned cost map MUST contain only source/destination pairs that have been indicated "
     "(implicitly or explicitly) in the input parameters.",
     .needs = CONF_NEED_FCOSTMAP, .run = r7285_only_requested_pairs},
    {.id = "rfc7285/11.3.2.6/unknown-pids", .section = "11.3.2.6", .level = CONF_MUST,
     .title = "undefined PIDs in the request are ignored",
     .requirement = "If the input parameters contain a PID name that is not currently defined by the ALTO server, "
     "the ALTO server MUST behave as if the PID did not appear in the input parameters.",
     .needs = CONF_NEED_FCOSTMAP, .run = r7285_fcm_unknown_pids},
    {.id = "rfc7285/11.3.2.6/agrees-with-full-map", .section = "11.3.2.6", .level = CONF_MUST,
     .title = "filtered costs equal the full cost map of the same type",
     .requirement = "The format is the same as an unfiltered ALTO cost map. [...] The returned cost map MUST "
     "include the path cost for each (source PID, destination PID) pair for which a path cost is "
     "defined.",
     .needs = CONF_NEED_FCOSTMAP | CONF_NEED_COSTMAP, .run = r7285_fcm_agrees_with_full_map},
    {.id = "rfc7285/11.4.1.1/media-type", .section = "11.4.1.1", .level = CONF_MUST,
     .title = "endpoint properties are application/alto-endpointprop+json",
     .requirement = "The media type of an endpoint property resource is \"application/alto-endpointprop+json\".",
     .needs = CONF_NEED_EPROP,
     .expect = &(const conf_want){.svc = CONF_SVC_EPROP, .body = r7_eprop_req_samples, .media = M_EPROP}},
    {.id = "rfc7285/11.4.1.3/duplicates", .section = "11.4.1.3", .level = CONF_MUST,
     .title = "duplicated properties and endpoints count once",
     .requirement = "The ALTO server MUST interpret entries appearing multiple times as if they appeared only once.",
     .needs = CONF_NEED_EPROP, .run = r7285_eprop_duplicates},
    {.id = "rfc7285/11.4.1.4/pid-property", .section = "11.4.1.4", .level = CONF_MUST,
     .title = "\"<network map>.pid\" is offered for every network map",
     .requirement = "In particular, the information resource closure MUST provide the lookup of pid for every ALTO "
     "network map defined.",
     .needs = CONF_NEED_EPROP, .run = r7285_pid_property},
    {.id = "rfc7285/11.4.1.6/dependent-vtags", .section = "11.4.1.6", .level = CONF_MUST,
     .title = "dependent-vtags has the vtag of each network map whose pid was queried",
     .requirement = "The \"dependent-vtags\" field in the \"meta\" field of the response MUST be an array that "
     "includes the version tags of all ALTO network maps whose \"pid\" is queried.",
     .needs = CONF_NEED_EPROP, .run = r7285_eprop_dependent_vtags},
    {.id = "rfc7285/11.4.1.6/endpoints", .section = "11.4.1.6", .level = CONF_MUST,
     .title = "one member per requested endpoint, keyed by TypedEndpointAddr",
     .requirement = "an EndpointPropertyMapData object has one member for each endpoint indicated in the input "
     "parameters (with the name being the endpoint encoded as a TypedEndpointAddr).",
     .needs = CONF_NEED_EPROP, .run = r7285_endpoints},
    {.id = "rfc7285/11.5.1.1/media-type", .section = "11.5.1.1", .level = CONF_MUST,
     .title = "endpoint costs are application/alto-endpointcost+json",
     .requirement = "The media type of the endpoint cost resource is \"application/alto-endpointcost+json\".",
     .needs = CONF_NEED_ECS,
     .expect = &(const conf_want){.svc = CONF_SVC_ECS, .body = r7_ecs_req_samples, .media = M_ECS}},
    {.id = "rfc7285/11.5.1.3/cost-mode", .section = "11.5.1.3", .level = CONF_MUST,
     .title = "the requested cost mode is honoured (ordinal: non-negative integers)",
     .requirement = "cost-type: The cost type (Section 10.7) to use for returned costs.  The \"cost-metric\" and "
     "\"cost-mode\" fields MUST match one of the supported cost types indicated in this resource's "
     "\"capabilities\" fields",
     .needs = CONF_NEED_ECS, .run = r7285_cost_mode},
    {.id = "rfc7285/11.5.1.3/constraints", .section = "11.5.1.3", .level = CONF_MUST,
     .title = "constraints honoured by the endpoint cost service",
     .requirement = "constraints: Defined equivalently to the \"constraints\" input parameter of a filtered cost map",
     .needs = CONF_NEED_ECS_CONSTR, .run = r7285_constraints},
    {.id = "rfc7285/11.5.1.3/duplicates", .section = "11.5.1.3", .level = CONF_MUST,
     .title = "duplicated endpoints count once",
     .requirement = "The ALTO server MUST interpret entries appearing multiple times in a list as if they appeared "
     "only once.",
     .needs = CONF_NEED_ECS, .run = r7285_ecs_duplicates},
    {.id = "rfc7285/11.5.1.3/empty-list-client", .section = "11.5.1.3", .level = CONF_MUST,
     .title = "an empty srcs or dsts list means the client's own address",
     .requirement = "If the list of source or destination endpoints is empty (or not included), the ALTO server MUST "
     "interpret it as if it contained the endpoint address corresponding to the client IP address from the "
     "incoming connection (see Section 13.3 for discussion and considerations regarding this mode).",
     .needs = CONF_NEED_ECS, .run = r7285_empty_list_client},
    {.id = "rfc7285/11.5.1.3/description-ignored", .section = "11.5.1.3", .level = CONF_MUST,
     .title = "a description in the requested cost type is ignored",
     .requirement = "The ALTO client SHOULD omit the \"description\" field, and if present, the ALTO server MUST ignore the "
     "\"description\" field.",
     .needs = CONF_NEED_ECS, .run = r7285_ecs_description_ignored},
    {.id = "rfc7285/11.5.1.5/no-uses", .section = "11.5.1.5", .level = CONF_MUST_NOT,
     .title = "the endpoint cost service has no uses",
     .requirement = "ECS MUST NOT specify the \"use\" field to indicate a network or cost map.",
     .needs = CONF_NEED_ECS, .run = r7285_no_uses},
    {.id = "rfc7285/11.5.1.6/cost-type", .section = "11.5.1.6", .level = CONF_MUST,
     .title = "meta.cost-type is the requested cost type",
     .requirement = "The \"meta\" field of an endpoint cost response MUST include the \"cost-type\" field, to "
     "indicate the cost type used.",
     .needs = CONF_NEED_ECS, .run = r7285_ecs_cost_type},
    {.id = "rfc7285/11.5.1.6/typed-addresses", .section = "11.5.1.6", .level = CONF_MUST,
     .title = "sources and destinations are TypedEndpointAddr strings",
     .requirement = "object-map { TypedEndpointAddr -> EndpointDstCosts; } EndpointCostMapData;  object-map { "
     "TypedEndpointAddr -> JSONValue; } EndpointDstCosts;",
     .needs = CONF_NEED_ECS, .run = r7285_typed_addresses},
    {.id = "rfc7285/11.5.1.6/only-requested", .section = "11.5.1.6", .level = CONF_MUST,
     .title = "only requested endpoints appear",
     .requirement = "each key representing a TypedEndpointAddr string identifying the source endpoint specified in "
     "the input parameters.  For each source endpoint, an EndpointDstCosts dictionary map object "
     "denotes the associated cost to each destination endpoint specified in input parameters.",
     .needs = CONF_NEED_ECS, .run = r7285_only_requested},
    {.id = "rfc7285/11.5.1.6/row-per-source", .section = "11.5.1.6", .level = CONF_MUST,
     .title = "several sources get one row each, the row each gets alone",
     .requirement = "each key representing a TypedEndpointAddr string identifying the source endpoint specified in the "
     "input parameters.  For each source endpoint, an EndpointDstCosts dictionary map object denotes the "
     "associated cost to each destination endpoint specified in input parameters.",
     .needs = CONF_NEED_ECS, .run = r7285_row_per_source},
};

const conf_suite conf_suite_rfc7285 = {
    .name = "rfc7285", .title = "RFC 7285: ALTO Protocol",
    .cases = rfc7285_cases, .ncases = sizeof rfc7285_cases / sizeof *rfc7285_cases,
};
