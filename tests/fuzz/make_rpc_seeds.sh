#!/usr/bin/env bash
# Writes the seed corpus of rpc_fuzzer (tests/fuzz/corpus/rpc_fuzzer): for each
# request below, the method's index in the service (byte 0), for the stream
# method how many times to send the message (byte 1), then the request as
# protoc encodes it from text format. Run from anywhere; needs protoc.
set -euo pipefail
cd "$(dirname "$0")/../.."
out=tests/fuzz/corpus/rpc_fuzzer
mkdir -p "$out"
rm -f "$out"/*

# seed <file> <method index> <request type> <text-format request>
seed() {
  {
    printf "\\$(printf %03o "$2")"
    # StreamValidateResponses (6): send the message twice.
    if [ "$2" -eq 6 ]; then printf '\001'; fi
    printf '%s' "$4" | protoc -Iproto --encode="statusinfo.v1.$3" \
      statusinfo/v1/status_info_service.proto
  } >"$out/$1"
}

seed get_status_code 0 GetStatusCodeRequest 'code: 404'
seed get_status_code_unassigned 0 GetStatusCodeRequest 'code: 299'
seed batch_get 1 BatchGetStatusCodesRequest 'codes: [200, 404, 418]'
seed list_page 2 ListStatusCodesRequest 'page_size: 3 status_class: STATUS_CLASS_CLIENT_ERROR include_unofficial: true'
seed list_token 2 ListStatusCodesRequest 'page_size: 2 page_token: "djF8MC4wfDIwMg"'
seed validate_code 3 ValidateStatusCodeRequest 'code: 499'
seed validate_line 4 ValidateStatusLineRequest 'status_line: "HTTP/1.1 413 Payload Too Large\r\n"'
seed validate_response 5 ValidateResponseRequest 'request_method: "GET" status_code: 206 headers { name: "Content-Type" value: "multipart/byteranges; boundary=x" } headers { name: "Content-Range" value: "bytes 0-1/2" } request_headers { name: "Range" value: "bytes=0-1" } has_content: true http_version: "HTTP/1.1"'
seed validate_response_304 5 ValidateResponseRequest 'request_method: "HEAD" status_code: 304 headers { name: "Content-Length" value: "1, 2" } headers { name: "Date" value: "Sun Nov  6 08:49:37 1994" }'
seed stream 6 StreamValidateResponsesRequest 'responses { request_method: "GET" status_code: 401 } responses { status_code: 101 headers { name: "Upgrade" value: "websocket" } request_headers { name: "Upgrade" value: "h2c" } }'
seed search 7 SearchStatusCodesRequest 'query: "gatway timout" page_size: 5'
seed translate_http 8 TranslateStatusRequest 'http_status_code: 503'
seed translate_grpc 8 TranslateStatusRequest 'grpc_code: 14'
seed get_grpc 9 GetGrpcStatusCodeRequest 'code: 5'
seed list_grpc 10 ListGrpcStatusCodesRequest 'page_size: 4'
echo "wrote $(ls "$out" | wc -l) seeds to $out"
