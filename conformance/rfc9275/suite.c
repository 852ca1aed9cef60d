/* suite.c: the RFC 9275 (ALTO path vector) suite, one row per
 * wire-testable requirement, in section order, with the RFC 9240 (entity
 * property map) rules the property map part relies on.  Sections 7.2
 * (multipart filtered cost map) and 7.3 (multipart endpoint cost service)
 * repeat the same rules for two resource kinds, so most 7.2 rows have a
 * 7.3 twin with the same run function: the section decides the kind.
 * scenarios/conformance/rfc9275-requirements.yaml lists every normative
 * statement (testable or not) against these ids.
 *
 * A server whose IRD advertises no path vector resource gets UNSUPPORTED
 * on every row, with the reason; a row about responses judges the answer
 * to a request built from the IRD only (PIDs of the network map in
 * "uses", endpoints inside the default network map's PIDs, the advertised
 * ane-property-names). */
#include "rfc9275.h"

#define PV CONF_NEED_PV
#define PVC CONF_NEED_PV_COSTMAP
#define PVE CONF_NEED_PV_ECS

#define Q_VTAG_FMT "The JSON object MUST include the \"vtag\" field in the \"meta\" field [...] The resource ID " \
    "of the version tag MUST follow the format of [...] resource-id '.' part-resource-id [...] where " \
    "\"resource-id\" is the resource ID of the Path Vector resource and \"part-resource-id\" has the same " \
    "value as the PART-RESOURCE-ID in the \"Content-ID\" of the Path Vector part."
#define Q_TYPE_PARAM "The \"Content-Type\" header field of the response MUST be \"multipart/related\" as defined " \
    "by [RFC2387], with the following parameters: [...] The \"type\" parameter is mandatory and MUST be "
#define Q_BOUNDARY "The \"boundary\" parameter is as defined in Section 5.1.1 of [RFC2046] and is mandatory."
#define Q_START "The \"start\" parameter is as defined in [RFC2387] and is optional. If present, it MUST " \
    "have the same value as the \"Content-ID\" header field of the Path Vector part."
#define Q_TWO "The body of the response MUST consist of two parts [...] A complete and valid response MUST include " \
    "both the Path Vector part and the property map part in the multipart message."
#define Q_HEADERS(pvtype) "The Path Vector part MUST include \"Content-ID\" and \"Content-Type\" in its header. The " \
    "\"Content-Type\" MUST be \"" pvtype "\". [...] The entity property map part MUST also include " \
    "\"Content-ID\" and \"Content-Type\" in its header. The \"Content-Type\" MUST be \"application/alto-propmap+json\"."
#define Q_CID "The value of \"Content-ID\" MUST have the same format as the Part Content ID as specified in " \
    "Section 6.6.  [6.6] \"<\" PART-RESOURCE-ID \"@\" DOMAIN-NAME \">\""
#define Q_FIRST "it is RECOMMENDED that the parts arrive in the same order as they are processed, i.e., the Path " \
    "Vector part is always placed as the first part, followed by the property map part."
#define Q_PM_DVTAGS "The JSON object MUST include the \"dependent-vtags\" field in the \"meta\" field. [...] The " \
    "\"vtag\" of the Path Vector part MUST be included in the \"dependent-vtags\" field. If " \
    "\"persistent-entity-id\" is requested, the version tags of the dependent resources that may expose the " \
    "entities in the response MUST also be included."
#define Q_ONE_PER_ANE "The PropertyMapData object has one member for each ANEName that appears in the Path Vector " \
    "part, which is an entity identifier belonging to the self-defined entity domain"
#define Q_REQUESTED "The EntityProps object for each ANE has one member for each property that is both 1) " \
    "associated with the ANE and 2) specified in the \"ane-property-names\" field in the request."
#define Q_EMPTY "If the Path Vector cost type is not included in the \"cost-type\" field or the " \
    "\"multi-cost-type\" field, the \"property-map\" field MUST be present and the value MUST be an empty object ({})."
#define Q_BADPROP "Each property in this list MUST match one of the supported ANE properties indicated in the " \
    "resource's \"ane-property-names\" capability  [7.2.6] The response MUST indicate an error, using ALTO " \
    "Protocol error handling as defined in Section 8.5 of [RFC7285], if the request is invalid.  [RFC 7285 " \
    "Table 1] E_INVALID_FIELD_VALUE: The value of a JSON field is invalid"
#define Q_CTN "The \"cost-type-names\" field MUST include the Path Vector cost type, unless explicitly documented " \
    "by a future extension. This also implies that the Path Vector cost type MUST be defined in the " \
    "\"cost-types\" of the IRD's \"meta\" field."
#define Q_CONSTR "If the \"cost-type-names\" field includes the Path Vector cost type, the \"cost-constraints\" " \
    "field MUST be either \"false\" or not present, unless specifically instructed by a future document."
#define Q_TESTABLE "If the \"cost-type-names\" field includes the Path Vector cost type and the " \
    "\"testable-cost-type-names\" field is present, the Path Vector cost type MUST NOT be included in the " \
    "\"testable-cost-type-names\" field unless specifically instructed by a future document."
#define Q_PROPCAP "This field provides a list of ANE properties that can be returned.  " \
    "[7.2.4: EntityPropertyName ane-property-names<0..*>]  [6.4] Note that these property types do not depend " \
    "on any information resources. As such, the \"EntityPropertyName\" parameter MUST only have the " \
    "EntityPropertyType part."
#define Q_CONSTR_REJ "[7.2.6] The response MUST indicate an error, using ALTO Protocol error handling as defined " \
    "in Section 8.5 of [RFC7285], if the request is invalid.  [7.2.4] the \"cost-constraints\" field MUST be " \
    "either \"false\" or not present  [RFC 7285 11.3.2.3] constraints: [...] This parameter MUST NOT be " \
    "specified if this resource's \"capabilities\" field (Section 11.3.2.4) indicate that constraint support " \
    "is not available."
#define Q_USES_PERSIST "If this resource supports \"persistent-entity-id\", it MUST also include the defining " \
    "resources of persistent ANEs that may appear in the response.  [6.2.4] The defining resource for entity " \
    "domain type \"ane\" MUST be a property map"

static const conf_case rfc9275_cases[] = {
    {.id = "rfc9275/6.2.4/ephemeral-domain", .section = "6.2.4", .level = CONF_MUST,
     .title = "property map entities of path ANEs are \".ane:<ANEName>\"",
     .requirement = "Specifically, for ephemeral ANEs that appear in a Path Vector response, their entity domain names MUST be "
     "exactly \".ane\", and the defining resource of these ANEs is the property map part of the multipart "
     "response.",
     .needs = PV, .run = r9275_ephemeral_domain},
    {.id = "rfc9275/6.4.1/max-reservable-bandwidth", .section = "6.4.1", .level = CONF_MUST,
     .title = "max-reservable-bandwidth is a non-negative number",
     .requirement = "The value MUST be encoded as a non-negative numerical cost value as defined in Section 6.1.2.1 of "
     "[RFC7285], and the unit is bits per second (bps).",
     .needs = PV, .run = r9275_max_reservable_bandwidth},
    {.id = "rfc9275/6.4.2/persistent-entity-id", .section = "6.4.2", .level = CONF_MUST,
     .title = "persistent-entity-id is an EntityID \"PROPMAP.ane:<ANEName>\"",
     .requirement = "The value of this property is encoded with the EntityID format defined in Section 5.1.3 of [RFC9240].  "
     "[6.2.4] for any persistent ANE whose defining resource is a property map resource, its entity domain "
     "name MUST have the format of \"PROPMAP.ane\", where PROPMAP is the resource ID of the defining resource.",
     .needs = PV, .run = r9275_persistent_entity_id},
    {.id = "rfc9275/6.5.1/ane-names", .section = "6.5.1", .level = CONF_MUST,
     .title = "path vector elements are ANENames (PIDName syntax)",
     .requirement = "an ALTO server using the \"ane-path\" cost metric and the \"array\" cost mode (see Section 6.5.2) MUST "
     "return as the cost value a JSON array of data type ANEName  [6.1] An ANE name is encoded as a JSON string "
     "with the same format as that of the type PIDName",
     .needs = PV, .run = r9275_ane_names},
    {.id = "rfc9275/6.5.2/array-values", .section = "6.5.2", .level = CONF_MUST,
     .title = "every cost value of the path vector part is a JSON array",
     .requirement = "The cost mode \"array\" indicates that every cost value in the response body of a (filtered) cost map or "
     "an Endpoint Cost Service MUST be interpreted as a JSON array object.",
     .needs = PV, .run = r9275_array_values},
    {.id = "rfc9275/6.6/id-length", .section = "6.6", .level = CONF_MUST,
     .title = "\"<resource-id>.<part-resource-id>\" fits in 64 characters",
     .requirement = "Even though the \"client-id\" assigned to a Path Vector request and the Part Resource ID MAY contain up to "
     "64 characters by their own definition, their concatenation (see Section 5.3.2) MUST also conform to the "
     "same length constraint. The same requirement applies to the resource ID of the Path Vector resource, too.",
     .needs = PV, .run = r9275_id_length},
    {.id = "rfc9275/6.6/id-length-31", .section = "6.6", .level = CONF_SHOULD,
     .title = "resource id and part resource ids of at most 31 characters",
     .requirement = "Thus, it is RECOMMENDED to limit the length of the resource ID and client ID related to a Path Vector "
     "resource to 31 characters.",
     .needs = PV, .run = r9275_id_length_31},
    {.id = "rfc9275/7.2.1/media-type", .section = "7.2.1", .level = CONF_MUST,
     .title = "the IRD media type is multipart/related;type=application/alto-costmap+json",
     .requirement = "The media type of the multipart filtered cost map resource is \"multipart/related\", and the required "
     "\"type\" parameter MUST have a value of \"application/alto-costmap+json\".",
     .needs = CONF_NEED_MULTIPART, .run = r9275_entry_media_type},
    {.id = "rfc9275/7.2.3/accepts", .section = "7.2.3", .level = CONF_MUST,
     .title = "the multipart filtered cost map accepts application/alto-costmapfilter+json",
     .requirement = "This document extends the input parameters to a filtered cost map [...] with a data format indicated by "
     "the media type \"application/alto-costmapfilter+json\"",
     .needs = PVC, .run = r9275_accepts},
    {.id = "rfc9275/7.2.3/unsupported-property", .section = "7.2.3", .level = CONF_MUST,
     .title = "an ane-property-name outside the capability gives E_INVALID_FIELD_VALUE",
     .requirement = Q_BADPROP,
     .needs = PVC, .run = r9275_unsupported_property},
    {.id = "rfc9275/7.2.4/cost-type-names", .section = "7.2.4", .level = CONF_MUST,
     .title = "cost-type-names include the path vector type defined in meta.cost-types",
     .requirement = Q_CTN,
     .needs = PVC, .run = r9275_cost_type_names},
    {.id = "rfc9275/7.2.4/cost-constraints", .section = "7.2.4", .level = CONF_MUST,
     .title = "cost-constraints is false or absent",
     .requirement = Q_CONSTR,
     .needs = PVC, .run = r9275_cost_constraints},
    {.id = "rfc9275/7.2.4/testable-cost-type-names", .section = "7.2.4", .level = CONF_MUST_NOT,
     .title = "the path vector type is not testable",
     .requirement = Q_TESTABLE,
     .needs = PVC, .run = r9275_testable_cost_type_names},
    {.id = "rfc9275/7.2.4/ane-property-names", .section = "7.2.4", .level = CONF_MUST,
     .title = "the ane-property-names capability lists EntityPropertyNames; initial types unqualified",
     .requirement = Q_PROPCAP,
     .needs = PVC, .run = r9275_ane_property_names},
    {.id = "rfc9275/7.2.4/constraints-rejected", .section = "7.2.4", .level = CONF_MUST,
     .title = "a request with constraints is answered with an ALTO error",
     .requirement = Q_CONSTR_REJ,
     .needs = PVC, .run = r9275_constraints_rejected},
    {.id = "rfc9275/7.2.5/uses-network-map", .section = "7.2.5", .level = CONF_MUST,
     .title = "uses lists the network map of the PIDs",
     .requirement = "This member MUST include the resource ID of the network map based on which the PIDs are defined.",
     .needs = PVC, .run = r9275_uses_network_map},
    {.id = "rfc9275/7.2.5/uses-persistent", .section = "7.2.5", .level = CONF_MUST,
     .title = "uses lists the defining property maps of persistent ANEs",
     .requirement = Q_USES_PERSIST,
     .needs = PVC, .run = r9275_uses_persistent},
    {.id = "rfc9275/7.2.6/media-type", .section = "7.2.6", .level = CONF_MUST,
     .title = "the answer is multipart/related;type=application/alto-costmap+json",
     .requirement = Q_TYPE_PARAM "\"application/alto-costmap+json\".",
     .needs = PVC, .run = r9275_response_media_type},
    {.id = "rfc9275/7.2.6/boundary", .section = "7.2.6", .level = CONF_MUST,
     .title = "a boundary parameter, and a body delimited per RFC 2046",
     .requirement = Q_BOUNDARY,
     .needs = PVC, .run = r9275_boundary},
    {.id = "rfc9275/7.2.6/start", .section = "7.2.6", .level = CONF_MUST,
     .title = "start, when present, is the Content-ID of the path vector part",
     .requirement = Q_START,
     .needs = PVC, .run = r9275_start},
    {.id = "rfc9275/7.2.6/two-parts", .section = "7.2.6", .level = CONF_MUST,
     .title = "exactly two parts: the path vector and the property map",
     .requirement = Q_TWO,
     .needs = PVC, .run = r9275_two_parts},
    {.id = "rfc9275/7.2.6/part-headers", .section = "7.2.6", .level = CONF_MUST,
     .title = "each part has Content-ID and the right Content-Type",
     .requirement = Q_HEADERS("application/alto-costmap+json"),
     .needs = PVC, .run = r9275_part_headers},
    {.id = "rfc9275/7.2.6/content-id", .section = "7.2.6", .level = CONF_MUST,
     .title = "Content-IDs are <PART-RESOURCE-ID@DOMAIN-NAME>",
     .requirement = Q_CID,
     .needs = PVC, .run = r9275_content_id},
    {.id = "rfc9275/7.2.6/pv-part-first", .section = "7.2.6", .level = CONF_SHOULD,
     .title = "the path vector part comes first",
     .requirement = Q_FIRST,
     .needs = PVC, .run = r9275_pv_part_first},
    {.id = "rfc9275/7.2.6/pv-vtag", .section = "7.2.6", .level = CONF_MUST,
     .title = "path vector vtag resource-id is \"<resource-id>.<part-resource-id>\"",
     .requirement = Q_VTAG_FMT,
     .needs = PVC, .run = r9275_pv_vtag},
    {.id = "rfc9275/7.2.6/pv-dependent-vtags", .section = "7.2.6", .level = CONF_MUST,
     .title = "path vector dependent-vtags is the network map's vtag",
     .requirement = "The \"meta\" field MUST also include the \"dependent-vtags\" field, whose value is a single-element array "
     "to indicate the version tag of the network map used, where the network map is specified in the \"uses\" "
     "attribute of the multipart filtered cost map resource in the IRD.",
     .needs = PVC, .run = r9275_pv_dependent_vtags},
    {.id = "rfc9275/7.2.6/pv-body", .section = "7.2.6", .level = CONF_MUST,
     .title = "the path vector part is a cost map of the path vector cost type",
     .requirement = "The body of the Path Vector part MUST be a JSON object with the same format as that defined in Section "
     "11.2.3.6 of [RFC7285] when the \"cost-type\" field is present in the input parameters",
     .needs = PVC, .run = r9275_pv_body},
    {.id = "rfc9275/7.2.6/propmap-dependent-vtags", .section = "7.2.6", .level = CONF_MUST,
     .title = "property map dependent-vtags include the path vector vtag (and persistent ANE maps)",
     .requirement = Q_PM_DVTAGS,
     .needs = PVC, .run = r9275_propmap_dependent_vtags},
    {.id = "rfc9275/7.2.6/propmap-one-per-ane", .section = "7.2.6", .level = CONF_MUST,
     .title = "the property map has exactly one entry per ANE on the paths",
     .requirement = Q_ONE_PER_ANE,
     .needs = PVC, .run = r9275_propmap_one_per_ane},
    {.id = "rfc9275/7.2.6/requested-properties", .section = "7.2.6", .level = CONF_MUST,
     .title = "only requested ANE properties are returned",
     .requirement = Q_REQUESTED,
     .needs = PVC, .run = r9275_requested_properties},
    {.id = "rfc9275/7.2.6/empty-propmap", .section = "7.2.6", .level = CONF_MUST,
     .title = "without the path vector cost type the property map is {}",
     .requirement = Q_EMPTY,
     .needs = PVC, .run = r9275_empty_propmap},
    {.id = "rfc9275/7.3.1/media-type", .section = "7.3.1", .level = CONF_MUST,
     .title = "the IRD media type is multipart/related;type=application/alto-endpointcost+json",
     .requirement = "The media type of the multipart Endpoint Cost Service resource is \"multipart/related\", and the required "
     "\"type\" parameter MUST have a value of \"application/alto-endpointcost+json\".",
     .needs = CONF_NEED_MULTIPART, .run = r9275_entry_media_type},
    {.id = "rfc9275/7.3.3/accepts", .section = "7.3.3", .level = CONF_MUST,
     .title = "the multipart endpoint cost service accepts application/alto-endpointcostparams+json",
     .requirement = "This document extends the input parameters to an Endpoint Cost Service [...] with a data format indicated "
     "by the media type \"application/alto-endpointcostparams+json\"",
     .needs = PVE, .run = r9275_accepts},
    {.id = "rfc9275/7.3.3/unsupported-property", .section = "7.3.3", .level = CONF_MUST,
     .title = "an ane-property-name outside the capability gives E_INVALID_FIELD_VALUE",
     .requirement = Q_BADPROP,
     .needs = PVE, .run = r9275_unsupported_property},
    {.id = "rfc9275/7.3.4/cost-type-names", .section = "7.3.4", .level = CONF_MUST,
     .title = "cost-type-names include the path vector type defined in meta.cost-types",
     .requirement = Q_CTN,
     .needs = PVE, .run = r9275_cost_type_names},
    {.id = "rfc9275/7.3.4/cost-constraints", .section = "7.3.4", .level = CONF_MUST,
     .title = "cost-constraints is false or absent",
     .requirement = Q_CONSTR,
     .needs = PVE, .run = r9275_cost_constraints},
    {.id = "rfc9275/7.3.4/testable-cost-type-names", .section = "7.3.4", .level = CONF_MUST_NOT,
     .title = "the path vector type is not testable",
     .requirement = Q_TESTABLE,
     .needs = PVE, .run = r9275_testable_cost_type_names},
    {.id = "rfc9275/7.3.4/ane-property-names", .section = "7.3.4", .level = CONF_MUST,
     .title = "the ane-property-names capability lists EntityPropertyNames; initial types unqualified",
     .requirement = Q_PROPCAP,
     .needs = PVE, .run = r9275_ane_property_names},
    {.id = "rfc9275/7.3.4/constraints-rejected", .section = "7.3.4", .level = CONF_MUST,
     .title = "a request with constraints is answered with an ALTO error",
     .requirement = Q_CONSTR_REJ,
     .needs = PVE, .run = r9275_constraints_rejected},
    {.id = "rfc9275/7.3.5/uses-persistent", .section = "7.3.5", .level = CONF_MUST,
     .title = "uses lists the defining property maps of persistent ANEs",
     .requirement = Q_USES_PERSIST,
     .needs = PVE, .run = r9275_uses_persistent},
    {.id = "rfc9275/7.3.6/media-type", .section = "7.3.6", .level = CONF_MUST,
     .title = "the answer is multipart/related;type=application/alto-endpointcost+json",
     .requirement = "The \"Content-Type\" header field of the response MUST be \"multipart/related\" as defined by [RFC2387], "
     "with the following parameters: [...] The \"type\" parameter MUST be \"application/alto-endpointcost+json\" "
     "and is mandatory.",
     .needs = PVE, .run = r9275_response_media_type},
    {.id = "rfc9275/7.3.6/boundary", .section = "7.3.6", .level = CONF_MUST,
     .title = "a boundary parameter, and a body delimited per RFC 2046",
     .requirement = Q_BOUNDARY,
     .needs = PVE, .run = r9275_boundary},
    {.id = "rfc9275/7.3.6/start", .section = "7.3.6", .level = CONF_MUST,
     .title = "start, when present, is the Content-ID of the path vector part",
     .requirement = "The \"start\" parameter is as defined in Section 7.2.6.  [7.2.6] " Q_START,
     .needs = PVE, .run = r9275_start},
    {.id = "rfc9275/7.3.6/two-parts", .section = "7.3.6", .level = CONF_MUST,
     .title = "exactly two parts: the path vector and the property map",
     .requirement = Q_TWO,
     .needs = PVE, .run = r9275_two_parts},
    {.id = "rfc9275/7.3.6/part-headers", .section = "7.3.6", .level = CONF_MUST,
     .title = "each part has Content-ID and the right Content-Type",
     .requirement = Q_HEADERS("application/alto-endpointcost+json"),
     .needs = PVE, .run = r9275_part_headers},
    {.id = "rfc9275/7.3.6/content-id", .section = "7.3.6", .level = CONF_MUST,
     .title = "Content-IDs are <PART-RESOURCE-ID@DOMAIN-NAME>",
     .requirement = Q_CID,
     .needs = PVE, .run = r9275_content_id},
    {.id = "rfc9275/7.3.6/pv-part-first", .section = "7.3.6", .level = CONF_SHOULD,
     .title = "the path vector part comes first",
     .requirement = Q_FIRST,
     .needs = PVE, .run = r9275_pv_part_first},
    {.id = "rfc9275/7.3.6/pv-vtag", .section = "7.3.6", .level = CONF_MUST,
     .title = "path vector vtag resource-id is \"<resource-id>.<part-resource-id>\"",
     .requirement = Q_VTAG_FMT,
     .needs = PVE, .run = r9275_pv_vtag},
    {.id = "rfc9275/7.3.6/pv-body", .section = "7.3.6", .level = CONF_MUST,
     .title = "the path vector part is an endpoint cost map (typed endpoints) of the path vector cost type",
     .requirement = "The body of the Path Vector part MUST be a JSON object with the same format as that defined in Section "
     "11.5.1.6 of [RFC7285] when the \"cost-type\" field is present in the input parameters",
     .needs = PVE, .run = r9275_pv_body},
    {.id = "rfc9275/7.3.6/propmap-dependent-vtags", .section = "7.3.6", .level = CONF_MUST,
     .title = "property map dependent-vtags include the path vector vtag (and persistent ANE maps)",
     .requirement = Q_PM_DVTAGS,
     .needs = PVE, .run = r9275_propmap_dependent_vtags},
    {.id = "rfc9275/7.3.6/propmap-one-per-ane", .section = "7.3.6", .level = CONF_MUST,
     .title = "the property map has exactly one entry per ANE on the paths",
     .requirement = Q_ONE_PER_ANE,
     .needs = PVE, .run = r9275_propmap_one_per_ane},
    {.id = "rfc9275/7.3.6/requested-properties", .section = "7.3.6", .level = CONF_MUST,
     .title = "only requested ANE properties are returned",
     .requirement = Q_REQUESTED,
     .needs = PVE, .run = r9275_requested_properties},
    {.id = "rfc9275/7.3.6/empty-propmap", .section = "7.3.6", .level = CONF_MUST,
     .title = "without the path vector cost type the property map is {}",
     .requirement = Q_EMPTY,
     .needs = PVE, .run = r9275_empty_propmap},
};

const conf_suite conf_suite_rfc9275 = {
    .name = "rfc9275", .title = "RFC 9275: ALTO Extension: Path Vector (with the RFC 9240 property map rules it uses)",
    .cases = rfc9275_cases, .ncases = sizeof rfc9275_cases / sizeof *rfc9275_cases,
};
