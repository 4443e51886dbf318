import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional } from 'class-validator';
import { PageQueryDto } from '../../common/pagination/page.dto';

/** `?onAir=true` arrives as text; anything but "true" or "false" stays text and fails validation. */
const booleanText = ({ value }: { value: unknown }) =>
  value === 'true' ? true : value === 'false' ? false : value;

/** Every image, on air or not, in the gallery's order. */
export class AdminImagesQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Only images on air (true) or off air (false).', example: false })
  @IsOptional()
  @Transform(booleanText)
  @IsBoolean()
  onAir?: boolean;

  @ApiPropertyOptional({
    description: 'Only images flagged (true) or not flagged (false) for the home page.',
  })
  @IsOptional()
  @Transform(booleanText)
  @IsBoolean()
  onHome?: boolean;
}
