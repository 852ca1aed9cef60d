/* alto_media.h: ALTO media types and their negotiation.
 *
 * The media types of RFC 7285 section 10.1 and of the extensions, one
 * name each; the Content-Type grammar of RFC 2045 section 5.1 (a type,
 * then "; name=value" parameters, values a token or a quoted-string); and
 * the Accept value an ALTO client sends: the resource's media type plus
 * application/alto-error+json, so that an error answer is acceptable too
 * (RFC 7285 section 8.3.4). */
#ifndef ALTO_MEDIA_H
#define ALTO_MEDIA_H

#include <stddef.h>

#define ALTO_MT_IRD "application/alto-directory+json"
#define ALTO_MT_NETMAP "application/alto-networkmap+json"
#define ALTO_MT_NETMAP_FILTER "application/alto-networkmapfilter+json"
#define ALTO_MT_COSTMAP "application/alto-costmap+json"
#define ALTO_MT_COSTMAP_FILTER "application/alto-costmapfilter+json"
#define ALTO_MT_EPROP "application/alto-endpointprop+json"
#define ALTO_MT_EPROP_PARAMS "application/alto-endpointpropparams+json"
#define ALTO_MT_ECS "application/alto-endpointcost+json"
#define ALTO_MT_ECS_PARAMS "application/alto-endpointcostparams+json"
#define ALTO_MT_PROPMAP "application/alto-propmap+json"            /* RFC 9240 */
#define ALTO_MT_PROPMAP_PARAMS "application/alto-propmapparams+json"
#define ALTO_MT_ERROR "application/alto-error+json"
#define ALTO_MT_MULTIPART "multipart/related"                       /* RFC 9275 */

/* Media type without parameters, trimmed and lowercased:
 * "Application/ALTO-costmap+json; x=1" -> "application/alto-costmap+json".
 * "" for NULL. */
void alto_media_type(const char *content_type, char *out, size_t n);

/* 1 when the media type of content_type is `media` (case-insensitive,
 * parameters ignored), else 0. */
int alto_media_is(const char *content_type, const char *media);

/* Value of parameter `name` (case-insensitive) of a Content-Type value,
 * unquoted: 1 found, 0 absent, -1 when the parameter list is malformed
 * (the reason is then in out).  Unquoted values run to the next ';' or
 * space, since RFC 2387 writes type=a/b and start=<id@host> unquoted
 * (RFC 9275 section 7.2.6 permits both forms). */
int alto_media_param(const char *content_type, const char *name, char *out, size_t n);

/* 1 when content_type is multipart/related whose "type" parameter is
 * root (case-insensitive), else 0: how an RFC 9275 resource says what its
 * root part is. */
int alto_media_multipart_of(const char *content_type, const char *root);

/* The Accept value for a resource of media type `media`:
 * "media,application/alto-error+json" ("*" + "/" + "*" when media is NULL). */
void alto_media_accept(const char *media, char *out, size_t n);

#endif
