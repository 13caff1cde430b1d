/**
 * Where readers get the feeds: a private site bucket behind CloudFront with Origin Access Control.
 * HTTPS only, TLS 1.2+, HTTP/2 and HTTP/3, compression, a cache policy that honours the objects'
 * Cache-Control (set per path by functions/core/media-types.ts), CORS and security headers from a
 * response-headers policy (never S3 CORS), short error caching and access logs.
 *
 * Compression (a deliberate choice): CloudFront edge-compresses only the media types on its list.
 * text/html, application/rss+xml and application/json are on it; application/atom+xml,
 * application/feed+json and application/ld+json are not, and we serve those three uncompressed.
 * Storing them gzip-encoded would hand compressed bytes to any client that did not send
 * Accept-Encoding (S3 cannot vary on it, CloudFront never decompresses), and the long tail of feed
 * readers is exactly that kind of client. The cost, measured on the bench corpus (50 full-text
 * items per feed): atom.xml / feed.json ≈ 400 KB raw vs ≈ 95 KB gzip, paid only when a feed
 * changed (readers revalidate with If-None-Match and get 304s otherwise); per-article JSON-LD is
 * ≈ 7 KB (2.4 KB gzip). RSS, the format most readers poll, is compressed. The upgrade path, if the
 * bytes matter: the publisher also writes `.gz`/`.br` variants and the viewer-request function
 * picks one from Accept-Encoding (the cache key follows the rewritten URI).
 */
import { Duration, RemovalPolicy, Token } from "aws-cdk-lib";
import type * as acm from "aws-cdk-lib/aws-certificatemanager";
import * as cloudfront from "aws-cdk-lib/aws-cloudfront";
import * as origins from "aws-cdk-lib/aws-cloudfront-origins";
import * as iam from "aws-cdk-lib/aws-iam";
import * as s3 from "aws-cdk-lib/aws-s3";
import { Construct } from "constructs";
import { FeedViewFunction } from "./feed-view-function.js";

/** Request headers every response varies on (see the response-headers policy below). */
export const VARY = "Accept, Accept-Encoding, Sec-Fetch-Dest, Sec-Fetch-Mode";

export interface SiteDeliveryProps {
  /** Bucket for S3 server access logs and CloudFront standard logs. */
  readonly logBucket: s3.IBucket;
  /** Custom domain, e.g. `feeds.example.com`. Requires `certificate`. @default the CloudFront domain */
  readonly domainName?: string;
  /** ACM certificate in us-east-1 covering `domainName`. Requires `domainName`. @default none */
  readonly certificate?: acm.ICertificate;
  /** Edge locations. @default PriceClass.PRICE_CLASS_100 */
  readonly priceClass?: cloudfront.PriceClass;
  /** Edge TTL when an object has no Cache-Control (feedpub always sets one). @default Duration.minutes(1) */
  readonly defaultTtl?: Duration;
  /** Upper bound on any object's edge TTL. Changes are invalidated anyway. @default Duration.days(1) */
  readonly maxTtl?: Duration;
  /** How long CloudFront caches 403/404/5xx answers. @default Duration.seconds(10) */
  readonly errorCachingTtl?: Duration;
  /** What happens to the site bucket when the stack is deleted. @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
  /** Comment shown in the CloudFront console. @default "feedpub" */
  readonly comment?: string;
}

/** Status codes whose answers CloudFront caches only briefly. */
export const SHORT_CACHED_ERRORS = [403, 404, 500, 502, 503, 504] as const;

export class SiteDelivery extends Construct {
  readonly bucket: s3.Bucket;
  readonly distribution: cloudfront.Distribution;
  readonly cachePolicy: cloudfront.CachePolicy;
  readonly responseHeadersPolicy: cloudfront.ResponseHeadersPolicy;
  /** `https://<domain>/`, the `baseUrl` site.yaml should use. */
  readonly baseUrl: string;
  /** True with a custom domain and certificate (TLSv1.2_2021); false on *.cloudfront.net (TLSv1 fixed by AWS). */
  readonly hasCustomCertificate: boolean;

  constructor(scope: Construct, id: string, props: SiteDeliveryProps) {
    super(scope, id);
    if (Boolean(props.domainName) !== Boolean(props.certificate)) {
      throw new Error("SiteDelivery: domainName and certificate go together: set both or neither.");
    }
    const certificateArn = props.certificate?.certificateArn;
    if (certificateArn && !Token.isUnresolved(certificateArn) && !certificateArn.includes(":us-east-1:")) {
      throw new Error(`SiteDelivery: CloudFront needs a certificate in us-east-1, got ${certificateArn}.`);
    }

    this.bucket = new s3.Bucket(this, "Bucket", {
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: props.logBucket,
      serverAccessLogsPrefix: "s3/site/",
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
    });

    this.cachePolicy = new cloudfront.CachePolicy(this, "CachePolicy", {
      comment: "feedpub: honour the objects' Cache-Control; no query strings, headers or cookies in the key",
      minTtl: Duration.seconds(0),
      defaultTtl: props.defaultTtl ?? Duration.minutes(1),
      maxTtl: props.maxTtl ?? Duration.days(1),
      queryStringBehavior: cloudfront.CacheQueryStringBehavior.none(),
      headerBehavior: cloudfront.CacheHeaderBehavior.none(),
      cookieBehavior: cloudfront.CacheCookieBehavior.none(),
      enableAcceptEncodingGzip: true,
      enableAcceptEncodingBrotli: true,
    });

    this.responseHeadersPolicy = new cloudfront.ResponseHeadersPolicy(this, "Headers", {
      comment: "feedpub: CORS for feeds and JSON-LD, security headers",
      corsBehavior: {
        accessControlAllowOrigins: ["*"],
        accessControlAllowMethods: ["GET", "HEAD", "OPTIONS"],
        accessControlAllowHeaders: ["*"],
        accessControlAllowCredentials: false,
        accessControlExposeHeaders: ["ETag", "Last-Modified", "Content-Length"],
        accessControlMaxAge: Duration.days(1),
        originOverride: true,
      },
      // A feed URL answers a browser navigation with the HTML view and everyone else with the feed
      // (viewer-request.js). CloudFront's cache key follows the rewritten URI, but browsers and any
      // shared cache between CloudFront and readers key on the URL alone: without Vary, one of
      // them could hand a feed reader the cached HTML. S3 cannot store a Vary header, so it is set
      // here, on every path (one policy; Accept-Encoding included because overriding replaces the
      // Vary CloudFront adds to the responses it compresses). The preview server sends the same.
      customHeadersBehavior: {
        customHeaders: [{ header: "Vary", value: VARY, override: true }],
      },
      securityHeadersBehavior: {
        strictTransportSecurity: {
          accessControlMaxAge: Duration.days(730),
          includeSubdomains: false,
          preload: false,
          override: true,
        },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
        referrerPolicy: {
          referrerPolicy: cloudfront.HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN,
          override: true,
        },
      },
    });

    const viewFunction = new FeedViewFunction(this, "FeedView");
    const errorCachingTtl = props.errorCachingTtl ?? Duration.seconds(10);

    this.distribution = new cloudfront.Distribution(this, "Distribution", {
      comment: props.comment ?? "feedpub",
      defaultBehavior: {
        // READ + LIST: a missing object is a real 404, not S3's 403.
        origin: origins.S3BucketOrigin.withOriginAccessControl(this.bucket, {
          originAccessLevels: [cloudfront.AccessLevel.READ, cloudfront.AccessLevel.LIST],
        }),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD_OPTIONS,
        cachedMethods: cloudfront.CachedMethods.CACHE_GET_HEAD,
        compress: true,
        cachePolicy: this.cachePolicy,
        responseHeadersPolicy: this.responseHeadersPolicy,
        functionAssociations: [
          { function: viewFunction.function, eventType: cloudfront.FunctionEventType.VIEWER_REQUEST },
        ],
      },
      defaultRootObject: "index.html",
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      enableIpv6: true,
      priceClass: props.priceClass ?? cloudfront.PriceClass.PRICE_CLASS_100,
      enableLogging: true,
      logBucket: props.logBucket,
      logFilePrefix: "cloudfront/",
      errorResponses: SHORT_CACHED_ERRORS.map((httpStatus) => ({ httpStatus, ttl: errorCachingTtl })),
      ...(props.domainName && props.certificate
        ? {
            domainNames: [props.domainName],
            certificate: props.certificate,
            minimumProtocolVersion: cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021,
            sslSupportMethod: cloudfront.SSLMethod.SNI,
          }
        : {}),
    });

    this.hasCustomCertificate = Boolean(props.certificate);
    this.baseUrl = `https://${props.domainName ?? this.distribution.distributionDomainName}/`;
  }

  /** Lets `grantee` write outputs and the manifest (and delete stale outputs) in the site bucket. */
  grantPublish(grantee: iam.IGrantable): void {
    iam.Grant.addToPrincipal({
      grantee,
      actions: ["s3:ListBucket"],
      resourceArns: [this.bucket.bucketArn],
    });
    iam.Grant.addToPrincipal({
      grantee,
      actions: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
      resourceArns: [this.bucket.arnForObjects("*")],
    });
  }

  /** Lets `grantee` invalidate paths in exactly this distribution. */
  grantInvalidate(grantee: iam.IGrantable): void {
    this.distribution.grantCreateInvalidation(grantee);
  }
}
