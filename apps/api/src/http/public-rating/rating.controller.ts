import { Body, Controller, Get, Param, Post, UseGuards, applyDecorators } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiParam, ApiProperty, ApiPropertyOptional, ApiResponse, ApiTags } from '@nestjs/swagger';
import { IsIn, IsString, MaxLength } from 'class-validator';
import { GetRating, SubmitRating } from '#cases-nest';
import { SATISFACTIONS, type Satisfaction } from '#cases';
import { Public } from '../auth/auth.js';
import { Optional } from '../input.js';
import { PublicThrottler } from '../public/public-guards.js';

export class RatingDto {
  @ApiProperty({ enum: SATISFACTIONS, description: '非常满意 verySatisfied / 满意 satisfied / 基本满意 neutral / 不满意 dissatisfied' })
  @IsIn(SATISFACTIONS, { message: '请选择满意度' }) satisfaction!: Satisfaction;
  @ApiPropertyOptional({ description: '意见建议（可选）', maxLength: 500 }) @Optional() @IsString() @MaxLength(500, { message: '意见建议不超过500字' }) comment?: string;
}

/** Both routes: no login, the link's token in the path, and what an unusable link answers. */
const RatingLink = () => applyDecorators(
  Public(),
  ApiParam({ name: 'token', description: '短信中回访链接的一次性令牌' }),
  ApiResponse({ status: 404, description: '链接无效' }),
  ApiResponse({ status: 410, description: '链接已使用或已过期，或案件已回访' }),
);

/** 回访 by the complainant through the single-use SMS link (issue 16 §4): no login; rate-limited per client address. */
@ApiTags('public')
@Controller('api/v1/public/ratings')
@UseGuards(PublicThrottler)
export class PublicRatingController {
  constructor(private readonly queries: QueryBus, private readonly commands: CommandBus) {}

  @Get(':token')
  @RatingLink()
  @ApiOperation({ summary: '回访页：案件编号、承办单位、办理结果（链接无效 404；已使用、已过期或已回访 410）' })
  get(@Param('token') t: string) {
    return this.queries.execute(new GetRating(t));
  }

  @Post(':token')
  @RatingLink()
  @ApiOperation({ summary: '提交回访评价（满意度四级 + 意见）；与话务员回访同一记录，计入满意率；链接只能使用一次' })
  submit(@Param('token') t: string, @Body() dto: RatingDto) {
    return this.commands.execute(new SubmitRating(t, dto.satisfaction, dto.comment?.trim() || null));
  }
}
