// The grpc-go baseline: statusinfo.v1.StatusInfoService with handlers that
// do nothing. Every call is answered with a fixed response, read at start-up
// from bench_fixtures' responses/ (the bytes statusinfo itself sends for the
// benchmark requests). Serves the standard health service too.
//
// Built by bench/CMakeLists.txt in GOPATH mode (GO111MODULE=off) from
// Debian's packages; run by bench/run.sh:
//
//	bench_go_server -address 127.0.0.1:50062 -fixtures build/bench/fixtures
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"io/ioutil"
	"log"
	"net"
	"path/filepath"

	"github.com/golang/protobuf/proto"
	"google.golang.org/grpc"
	"google.golang.org/grpc/health"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	pb "statusinfo/v1"
)

var (
	address  = flag.String("address", "127.0.0.1:50062", "where to listen")
	fixtures = flag.String("fixtures", "", "bench_fixtures output directory")
)

func load(method string, m proto.Message) {
	path := filepath.Join(*fixtures, "responses", method+".bin")
	b, err := ioutil.ReadFile(path)
	if err == nil {
		err = proto.Unmarshal(b, m)
	}
	if err != nil {
		log.Fatalf("bench_go_server: %s: %v", path, err)
	}
}

type bare struct {
	pb.UnimplementedStatusInfoServiceServer
	get          pb.StatusCode
	batch        pb.BatchGetStatusCodesResponse
	list         pb.ListStatusCodesResponse
	validateCode pb.ValidateStatusCodeResponse
	validateLine pb.ValidateStatusLineResponse
	validate     pb.ValidateResponseResponse
	stream       pb.StreamValidateResponsesResponse
	search       pb.SearchStatusCodesResponse
	translate    pb.TranslateStatusResponse
	getGrpc      pb.GrpcStatusCode
	listGrpc     pb.ListGrpcStatusCodesResponse
}

func (s *bare) GetStatusCode(context.Context, *pb.GetStatusCodeRequest) (*pb.StatusCode, error) {
	return &s.get, nil
}
func (s *bare) BatchGetStatusCodes(context.Context, *pb.BatchGetStatusCodesRequest) (*pb.BatchGetStatusCodesResponse, error) {
	return &s.batch, nil
}
func (s *bare) ListStatusCodes(context.Context, *pb.ListStatusCodesRequest) (*pb.ListStatusCodesResponse, error) {
	return &s.list, nil
}
func (s *bare) ValidateStatusCode(context.Context, *pb.ValidateStatusCodeRequest) (*pb.ValidateStatusCodeResponse, error) {
	return &s.validateCode, nil
}
func (s *bare) ValidateStatusLine(context.Context, *pb.ValidateStatusLineRequest) (*pb.ValidateStatusLineResponse, error) {
	return &s.validateLine, nil
}
func (s *bare) ValidateResponse(context.Context, *pb.ValidateResponseRequest) (*pb.ValidateResponseResponse, error) {
	return &s.validate, nil
}
func (s *bare) SearchStatusCodes(context.Context, *pb.SearchStatusCodesRequest) (*pb.SearchStatusCodesResponse, error) {
	return &s.search, nil
}
func (s *bare) TranslateStatus(context.Context, *pb.TranslateStatusRequest) (*pb.TranslateStatusResponse, error) {
	return &s.translate, nil
}
func (s *bare) GetGrpcStatusCode(context.Context, *pb.GetGrpcStatusCodeRequest) (*pb.GrpcStatusCode, error) {
	return &s.getGrpc, nil
}
func (s *bare) ListGrpcStatusCodes(context.Context, *pb.ListGrpcStatusCodesRequest) (*pb.ListGrpcStatusCodesResponse, error) {
	return &s.listGrpc, nil
}
func (s *bare) StreamValidateResponses(stream pb.StatusInfoService_StreamValidateResponsesServer) error {
	for {
		if _, err := stream.Recv(); err == io.EOF {
			return nil
		} else if err != nil {
			return err
		}
		if err := stream.Send(&s.stream); err != nil {
			return err
		}
	}
}

func main() {
	flag.Parse()
	s := &bare{}
	load("GetStatusCode", &s.get)
	load("BatchGetStatusCodes", &s.batch)
	load("ListStatusCodes", &s.list)
	load("ValidateStatusCode", &s.validateCode)
	load("ValidateStatusLine", &s.validateLine)
	load("ValidateResponse", &s.validate)
	load("StreamValidateResponses", &s.stream)
	load("SearchStatusCodes", &s.search)
	load("TranslateStatus", &s.translate)
	load("GetGrpcStatusCode", &s.getGrpc)
	load("ListGrpcStatusCodes", &s.listGrpc)

	lis, err := net.Listen("tcp", *address)
	if err != nil {
		log.Fatalf("bench_go_server: %v", err)
	}
	server := grpc.NewServer()
	pb.RegisterStatusInfoServiceServer(server, s)
	healthpb.RegisterHealthServer(server, health.NewServer())
	fmt.Printf("bench_go_server: serving on %s\n", lis.Addr())
	if err := server.Serve(lis); err != nil {
		log.Fatalf("bench_go_server: %v", err)
	}
}
